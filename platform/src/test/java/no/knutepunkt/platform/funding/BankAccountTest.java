package no.knutepunkt.platform.funding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BankAccountTest {

    @Test
    void elevenDigitsWithTheRightCheckDigitAreValid() {
        // 1506123456: 5·1+4·5+3·0+2·6+7·1+6·2+5·3+4·4+3·5+2·6 = 114; 114 mod 11 = 4; 11 − 4 = 7
        assertThat(BankAccount.isValid("15061234567")).isTrue();
        // 1503000000: sum 9, check 2
        assertThat(BankAccount.isValid("15030000002")).isTrue();
    }

    @Test
    void aWrongCheckDigitOrAnotherFormIsInvalid() {
        assertThat(BankAccount.isValid("15061234568")).isFalse();
        assertThat(BankAccount.isValid("1506.12.34567")).isFalse();
        assertThat(BankAccount.isValid("1506123456")).isFalse();
        assertThat(BankAccount.isValid("150612345670")).isFalse();
        assertThat(BankAccount.isValid("1506123456a")).isFalse();
        assertThat(BankAccount.isValid(null)).isFalse();
    }

    @Test
    void aRemainderOfOneHasNoCheckDigit() {
        // 0000000006: 2·6 = 12; 12 mod 11 = 1; 11 − 1 = 10, no digit: no valid account begins so
        for (int d = 0; d <= 9; d++) {
            assertThat(BankAccount.isValid("0000000006" + d)).isFalse();
        }
        // remainder 0 gives check digit 0: 0000000000 + 0
        assertThat(BankAccount.isValid("00000000000")).isTrue();
    }
}
