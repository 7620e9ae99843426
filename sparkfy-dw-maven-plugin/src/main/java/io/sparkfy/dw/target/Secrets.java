package io.sparkfy.dw.target;

import java.util.regex.Pattern;

/** Masks secrets that may hide inside URLs and driver messages before they reach a log or an exception. */
public final class Secrets {

    private static final Pattern URL_PASSWORD =
            Pattern.compile("((?:password|pwd|secret|token)=)[^&;\\s]*", Pattern.CASE_INSENSITIVE);
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@\\s]+:)[^@/\\s]*@");

    private Secrets() {
    }

    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        return URL_USERINFO.matcher(URL_PASSWORD.matcher(url).replaceAll("$1****")).replaceAll("$1****@");
    }

    public static String mask(String message) {
        return maskUrl(message);
    }
}
