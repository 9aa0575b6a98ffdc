package no.knutepunkt.platform.funding;

/**
 * Norwegian bank account numbers ("kontonummer"): 11 digits, the last a MOD11 check digit over the first ten with the
 * weights 5, 4, 3, 2, 7, 6, 5, 4, 3, 2. Written without separators ({@code 15032080119}); the usual
 * {@code 1503.20.80119} is not accepted, so that what is stored and sent is one form.
 */
public final class BankAccount {
    private static final int[] WEIGHTS = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

    private BankAccount() {
    }

    /** Whether {@code number} is 11 digits with a correct MOD11 check digit. */
    public static boolean isValid(String number) {
        if (number == null || number.length() != 11 || !number.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            sum += WEIGHTS[i] * (number.charAt(i) - '0');
        }
        int check = 11 - sum % 11;
        if (check == 11) {
            check = 0;
        }
        return check != 10 && check == number.charAt(10) - '0';
    }
}
