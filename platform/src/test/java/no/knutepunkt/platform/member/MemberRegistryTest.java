package no.knutepunkt.platform.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MemberRegistryTest {
    static final Set<String> REGIONS = Set.of("Bergen", "Bergensregionen", "Nordhordland", "Sunnhordland",
            "Hardanger/Voss", "Sogn/Sunnfjord", "Nordfjord");
    static final String HEADER = "kommunenummer,name,orgnr,region,it_cooperation,inhabitants_2020\n";
    static final Path VESTLAND = Path.of("../config/members/vestland.csv");

    static MemberRegistry vestland;

    @BeforeAll
    static void loadVestland() throws IOException {
        try (Reader reader = Files.newBufferedReader(VESTLAND, StandardCharsets.UTF_8)) {
            vestland = MemberRegistry.load("vestland.csv", reader, REGIONS);
        }
    }

    private static MemberRegistry load(String csv) {
        return MemberRegistry.load("test.csv", new StringReader(csv), REGIONS);
    }

    // ---- the real file ----

    @Test
    void theVestlandFileHas43Members() {
        assertThat(vestland.size()).isEqualTo(43);
        assertThat(vestland.all()).hasSize(43);
    }

    @Test
    void theVestlandFileUsesSevenRegions() {
        Set<String> regions = vestland.all().stream().map(Member::region)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(regions).hasSize(7).containsExactlyInAnyOrderElementsOf(REGIONS);
        int total = 0;
        for (String region : REGIONS) {
            assertThat(vestland.inRegion(region)).as(region).isNotEmpty();
            total += vestland.inRegion(region).size();
        }
        assertThat(total).isEqualTo(43);
        assertThat(vestland.inRegion("Bergen")).extracting(Member::name).containsExactly("Bergen");
        assertThat(vestland.inRegion("Nowhere")).isEmpty();
    }

    @Test
    void iktNordhordlandHasSixMembers() {
        List<String> ikt = vestland.all().stream()
                .filter(m -> m.itCooperation().equals(Optional.of("IKT Nordhordland")))
                .map(Member::name).collect(Collectors.toList());
        assertThat(ikt).containsExactly("Modalen", "Alver", "Austrheim", "Fedje", "Masfjorden", "Gulen");
        assertThat(vestland.inRegion("Nordhordland")).extracting(Member::name)
                .containsExactly("Modalen", "Alver", "Austrheim", "Fedje", "Masfjorden", "Gulen");
    }

    @Test
    void membersWithoutAnItCooperationHaveAnEmptyOptional() {
        long without = vestland.all().stream().filter(m -> m.itCooperation().isEmpty()).count();
        assertThat(without).isEqualTo(43 - 6);
    }

    @Test
    void membersAreFoundByOrgnrWithAllTheirFields() {
        Member bergen = vestland.find("994601008").orElseThrow();
        assertThat(bergen).isEqualTo(new Member("4601", "Bergen", "994601008", "Bergen", Optional.empty(), 283929));
        Member modalen = vestland.find("994629018").orElseThrow();
        assertThat(modalen.kommunenummer()).isEqualTo("4629");
        assertThat(modalen.itCooperation()).contains("IKT Nordhordland");
        assertThat(modalen.inhabitants()).isEqualTo(383);
        assertThat(vestland.find("994624008").orElseThrow().name()).isEqualTo("Bjørnafjorden");
        assertThat(vestland.isMember("994651005")).isTrue();
        assertThat(vestland.isMember("994601009")).isFalse();
        assertThat(vestland.find("123456785")).isEmpty();
    }

    @Test
    void allKeepsTheOrderOfTheFile() {
        List<Member> all = List.copyOf(vestland.all());
        assertThat(all.get(0).name()).isEqualTo("Bergen");
        assertThat(all.get(1).name()).isEqualTo("Kinn");
        assertThat(all.get(42).name()).isEqualTo("Stryn");
    }

    @Test
    void theRegistryCannotBeChangedFromOutside() {
        assertThatThrownBy(() -> vestland.all().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(vestland.size()).isEqualTo(43);
    }

    // ---- small files that load ----

    @Test
    void blankLinesAndAByteOrderMarkAreAccepted() {
        MemberRegistry r = load("\uFEFF" + HEADER + "\n4601,Bergen,994601008,Bergen,,283929\n\n"
                + "4602,Kinn,994602004,Nordfjord,,17105\n");
        assertThat(r.size()).isEqualTo(2);
    }

    // ---- refusals ----

    @Test
    void refusesAnInvalidOrgnrNamingSourceAndLine() {
        String csv = HEADER
                + "4601,Bergen,994601008,Bergen,,283929\n"
                + "4602,Kinn,994602005,Nordfjord,,17105\n";
        assertThatThrownBy(() -> load(csv))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("test.csv line 3:")
                .hasMessageContaining("994602005")
                .hasMessageContaining("MOD11");
    }

    @Test
    void lineNumbersCountBlankLines() {
        String csv = HEADER + "4601,Bergen,994601008,Bergen,,283929\n\n\n4602,Kinn,12345678,Nordfjord,,17105\n";
        assertThatThrownBy(() -> load(csv))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("test.csv line 5:");
    }

    @Test
    void refusesADuplicateOrgnr() {
        String csv = HEADER
                + "4601,Bergen,994601008,Bergen,,283929\n"
                + "4602,Kinn,994602004,Nordfjord,,17105\n"
                + "4611,Etne,994601008,Sunnhordland,,4085\n";
        assertThatThrownBy(() -> load(csv))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("test.csv line 4:")
                .hasMessageContaining("orgnr 994601008")
                .hasMessageContaining("line 2");
    }

    @Test
    void refusesADuplicateKommunenummer() {
        String csv = HEADER
                + "4601,Bergen,994601008,Bergen,,283929\n"
                + "4602,Kinn,994602004,Nordfjord,,17105\n"
                + "4602,Etne,994611003,Sunnhordland,,4085\n";
        assertThatThrownBy(() -> load(csv))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("test.csv line 4:")
                .hasMessageContaining("kommunenummer 4602")
                .hasMessageContaining("line 3");
    }

    @Test
    void refusesAnUnknownRegion() {
        String csv = HEADER
                + "4601,Bergen,994601008,Bergen,,283929\n"
                + "4602,Kinn,994602004,Sunnmøre,,17105\n";
        assertThatThrownBy(() -> load(csv))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("test.csv line 3:")
                .hasMessageContaining("region 'Sunnmøre'");
    }

    @Test
    void regionsAreCaseSensitive() {
        assertThatThrownBy(() -> load(HEADER + "4601,Bergen,994601008,bergen,,283929\n"))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("test.csv line 2:")
                .hasMessageContaining("region 'bergen'");
    }

    @Test
    void refusesAWrongHeader() {
        String csv = "kommunenummer,name,orgnr,region,inhabitants_2020\n4601,Bergen,994601008,Bergen,,283929\n";
        assertThatThrownBy(() -> load(csv))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("test.csv line 1:")
                .hasMessageContaining("header");
    }

    @Test
    void refusesHeaderColumnsInAnotherOrder() {
        String csv = "name,kommunenummer,orgnr,region,it_cooperation,inhabitants_2020\n"
                + "Bergen,4601,994601008,Bergen,,283929\n";
        assertThatThrownBy(() -> load(csv))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("test.csv line 1:");
    }

    @Test
    void refusesAnEmptyFile() {
        assertThatThrownBy(() -> load(""))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("test.csv")
                .hasMessageContaining("empty");
    }

    @Test
    void refusesAFileWithOnlyTheHeader() {
        assertThatThrownBy(() -> load(HEADER))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("test.csv")
                .hasMessageContaining("no members");
    }

    @Test
    void refusesTooFewFields() {
        String csv = HEADER
                + "4601,Bergen,994601008,Bergen,,283929\n"
                + "4602,Kinn,994602004,Nordfjord,17105\n";
        assertThatThrownBy(() -> load(csv))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("test.csv line 3:")
                .hasMessageContaining("expected 6 fields but found 5");
    }

    @Test
    void refusesTooManyFields() {
        String csv = HEADER + "4601,Bergen,994601008,Bergen,,283929,extra\n";
        assertThatThrownBy(() -> load(csv))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("test.csv line 2:")
                .hasMessageContaining("expected 6 fields but found 7");
    }

    @Test
    void refusesNonNumericInhabitants() {
        String csv = HEADER
                + "4601,Bergen,994601008,Bergen,,283929\n"
                + "4602,Kinn,994602004,Nordfjord,,17 105\n";
        assertThatThrownBy(() -> load(csv))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("test.csv line 3:")
                .hasMessageContaining("inhabitants '17 105'");
    }

    @Test
    void refusesNegativeInhabitants() {
        assertThatThrownBy(() -> load(HEADER + "4601,Bergen,994601008,Bergen,,-1\n"))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("test.csv line 2:")
                .hasMessageContaining("negative");
    }

    @Test
    void refusesAKommunenummerThatIsNotFourDigits() {
        assertThatThrownBy(() -> load(HEADER + "460,Bergen,994601008,Bergen,,283929\n"))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("test.csv line 2:")
                .hasMessageContaining("kommunenummer '460'");
    }

    @Test
    void refusesAnEmptyName() {
        assertThatThrownBy(() -> load(HEADER + "4601, ,994601008,Bergen,,283929\n"))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("test.csv line 2:")
                .hasMessageContaining("name is empty");
    }
}
