package no.knutepunkt.platform.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OrgnrTest {

    @ParameterizedTest
    @ValueSource(strings = {"994601008", "994602004", "994629018", "994631004", "994635018", "994651005"})
    void acceptsOrganisationNumbersOfTheMembers(String orgnr) {
        assertThat(Orgnr.isValid(orgnr)).isTrue();
    }

    @Test
    void acceptsEveryOrganisationNumberInTheVestlandFile() throws IOException {
        List<String> orgnrs = Files.readAllLines(Path.of("../config/members/vestland.csv"), StandardCharsets.UTF_8)
                .stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",", -1)[2])
                .collect(Collectors.toList());
        assertThat(orgnrs).hasSize(43);
        assertThat(orgnrs).allSatisfy(o -> assertThat(Orgnr.isValid(o)).as(o).isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"994601000", "994601001", "994601009", "994602005", "994629017"})
    void refusesAWrongCheckDigit(String orgnr) {
        assertThat(Orgnr.isValid(orgnr)).isFalse();
    }

    @Test
    void everyOtherCheckDigitThanTheRightOneIsRefused() {
        // 99460100 has the check digit 8; exactly one of the ten candidates is valid
        List<Integer> accepted = IntStream.rangeClosed(0, 9)
                .filter(d -> Orgnr.isValid("99460100" + d)).boxed().collect(Collectors.toList());
        assertThat(accepted).containsExactly(8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"99460100", "9946010080", "1", "99460100 8", " 994601008", "994601008 "})
    void refusesAWrongLength(String orgnr) {
        assertThat(Orgnr.isValid(orgnr)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"99460100X", "A94601008", "9946-1008", "99460100/", "99460100:", "+94601008",
            "９９４６０１００８", "٩٩٤٦٠١٠٠٨"})
    void refusesNonDigits(String orgnr) {
        assertThat(Orgnr.isValid(orgnr)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void refusesNullAndEmpty(String orgnr) {
        assertThat(Orgnr.isValid(orgnr)).isFalse();
    }

    @Test
    void refusesEveryNumberWhoseCheckDigitWouldBeTen() {
        // 3*9+2*9+7*4+6*6+5*0+4*1+3*1+2*3 = 122, 122 mod 11 = 1, 11 - 1 = 10: no digit can be right
        for (int d = 0; d <= 9; d++) {
            assertThat(Orgnr.isValid("99460113" + d)).as("99460113" + d).isFalse();
        }
        assertThat(IntStream.rangeClosed(0, 9).anyMatch(d -> Orgnr.isValid("99460127" + d))).isFalse();
    }

    @Test
    void aRemainderOfZeroGivesTheCheckDigitZero() {
        // 99460104: weighted sum 3*9+2*9+7*4+6*6+5*0+4*1+3*0+2*4 = 121 = 11*11 -> check digit 0
        assertThat(Orgnr.isValid("994601040")).isTrue();
        assertThat(Orgnr.isValid("994626000")).isTrue(); // Øygarden
    }
}
