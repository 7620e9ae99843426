package io.sparkfy.dw.target.redshift.dataapi;

import io.sparkfy.dw.target.Secrets;
import java.sql.SQLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A Data API call that AWS refused (or that never reached it), as one line: the call, the target, how it signs
 * in, AWS's error code and message. AWS's text can echo the request (an access key id in a signature error, the
 * secret's ARN in a denied GetSecretValue): both are masked, as the sign-in names the secret only by its setting.
 */
final class DataApiRefusal {

    private DataApiRefusal() {
    }

    static SQLException of(String call, DataApiUrl target, SdkException e) {
        String line;
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails().errorMessage();
            line = "the Data API refused " + call + " on " + target + " (" + target.authentication() + "): "
                    + (code == null ? "HTTP " + service.statusCode() : code)
                    + (message == null || message.isBlank() ? "" : ": " + DataApiStatements.oneLine(message));
        } else {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            line = "cannot call the Data API (" + call + ") for " + target + " (" + target.authentication() + "): "
                    + DataApiStatements.oneLine(message);
        }
        String safe = mask(line, target);
        // Whatever AWS's text holds to mask, on any of its lines, is kept out of the chain: the SDK's exception
        // holds that text whole, and -e prints it.
        String whole = String.valueOf(e.getMessage());
        return mask(whole, target).equals(whole) ? new SQLException(safe, e) : new SQLException(safe);
    }

    static String mask(String text, DataApiUrl target) {
        String masked = Secrets.mask(text);
        return target.secretArn() == null ? masked : masked.replace(target.secretArn(), "<secretArn>");
    }
}
