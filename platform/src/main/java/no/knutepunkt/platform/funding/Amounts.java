package no.knutepunkt.platform.funding;

import java.math.BigDecimal;

/** Formatting of øre amounts without floating point. */
final class Amounts {
    private Amounts() {
    }

    /** {@code 123456} øre as {@code "1234.56"}, the form of a UBL amount. */
    static String decimal(long ore) {
        return BigDecimal.valueOf(ore, 2).toPlainString();
    }

    /** {@code 10000000} øre as {@code "100 000,00 kr"}, for texts read by people. */
    static String kroner(long ore) {
        String sign = ore < 0 ? "-" : "";
        String digits = BigDecimal.valueOf(ore, 2).abs().toPlainString();
        int dot = digits.indexOf('.');
        String whole = digits.substring(0, dot);
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < whole.length(); i++) {
            if (i > 0 && (whole.length() - i) % 3 == 0) {
                grouped.append(' ');
            }
            grouped.append(whole.charAt(i));
        }
        return sign + grouped + "," + digits.substring(dot + 1) + " kr";
    }

    /** A whole number grouped by thousands, {@code 29287} as {@code "29 287"}. */
    static String grouped(long n) {
        String k = kroner(Math.multiplyExact(n, 100));
        return k.substring(0, k.length() - ",00 kr".length());
    }

    /** An exact decimal with a decimal comma and no trailing zeros, {@code 7.50} as {@code "7,5"}. */
    static String number(BigDecimal n) {
        String plain = n.stripTrailingZeros().toPlainString();
        return plain.replace('.', ',');
    }
}
