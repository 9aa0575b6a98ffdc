package no.knutepunkt.platform.member;

import java.util.Optional;

/** Norwegian organisation numbers: nine digits, the last a MOD11 check digit. */
public final class Orgnr {
    private static final int[] WEIGHTS = {3, 2, 7, 6, 5, 4, 3, 2};

    private Orgnr() {
    }

    /** True when the text is nine digits whose last digit is the MOD11 check digit of the first eight. */
    public static boolean isValid(String orgnr) {
        return orgnr != null && orgnr.length() == 9 && withCheckDigit(orgnr.substring(0, 8)).map(orgnr::equals)
                .orElse(false);
    }

    /**
     * The organisation number made of eight digits and their MOD11 check digit; empty when the text is not eight
     * digits or the eight digits have no check digit (the remainder gives 10).
     */
    public static Optional<String> withCheckDigit(String eight) {
        if (eight == null || eight.length() != 8) {
            return Optional.empty();
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            char c = eight.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        int check = 11 - (sum % 11);
        if (check == 11) {
            check = 0;
        }
        return check == 10 ? Optional.empty() : Optional.of(eight + check);
    }
}
