package no.knutepunkt.platform.member;

/** Norwegian organisation numbers: nine digits, the last a MOD11 check digit. */
public final class Orgnr {
    private static final int[] WEIGHTS = {3, 2, 7, 6, 5, 4, 3, 2};

    private Orgnr() {
    }

    /** True when the text is nine digits whose last digit is the MOD11 check digit of the first eight. */
    public static boolean isValid(String orgnr) {
        if (orgnr == null || orgnr.length() != 9) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            char c = orgnr.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            if (i < 8) {
                sum += (c - '0') * WEIGHTS[i];
            }
        }
        int check = 11 - (sum % 11);
        if (check == 11) {
            check = 0;
        }
        return check != 10 && check == orgnr.charAt(8) - '0';
    }
}
