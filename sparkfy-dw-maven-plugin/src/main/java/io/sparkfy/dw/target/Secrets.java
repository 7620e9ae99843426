package io.sparkfy.dw.target;

import java.util.regex.Pattern;

/** Masks secrets that may hide inside URLs and driver messages before they reach a log or an exception. */
public final class Secrets {

    private static final Pattern URL_PASSWORD =
            Pattern.compile("((?:password|pwd|secret|token)=)[^&;\\s]*", Pattern.CASE_INSENSITIVE);
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@\\s]+:)[^@/\\s]*@");
    /** An AWS access key id (long-term AKIA..., temporary ASIA...): it names the credentials. */
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("\\b(?:AKIA|ASIA)[A-Z0-9]{12,}\\b");

    private Secrets() {
    }

    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        return URL_USERINFO.matcher(URL_PASSWORD.matcher(url).replaceAll("$1****")).replaceAll("$1****@");
    }

    /** Passwords in URLs, and AWS access key ids, anywhere in a message. */
    public static String mask(String message) {
        return message == null ? null : ACCESS_KEY_ID.matcher(maskUrl(message)).replaceAll("****");
    }
}
