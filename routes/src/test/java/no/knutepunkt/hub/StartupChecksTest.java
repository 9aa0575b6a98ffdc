package no.knutepunkt.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The hub refuses to start on a bad registry or routing, and says which line or key is wrong. */
class StartupChecksTest {
    @TempDir
    Path dir;

    private Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void aRegistryWithAnInvalidOrgnrStopsTheStartNamingTheLine() throws Exception {
        Path csv = Files.writeString(dir.resolve("members.csv"), """
                kommunenummer,name,orgnr,region,it_cooperation,inhabitants_2020
                4601,Bergen,994601008,Bergen,,283929
                4602,Kinn,994602005,Nordfjord,,17105
                """);
        Throwable e = assertThrows(Exception.class, () -> TestHub.embedded(dir.resolve("data"),
                Map.of("knutepunkt.members.file", "file:" + csv)).start());
        assertThat(rootCause(e).getMessage()).contains("line 3").contains("994602005").contains("MOD11");
    }

    @Test
    void aRegistryWithAnUnknownRegionStopsTheStartNamingTheLine() throws Exception {
        Path csv = Files.writeString(dir.resolve("members.csv"), """
                kommunenummer,name,orgnr,region,it_cooperation,inhabitants_2020
                4601,Bergen,994601008,Vestlandet,,283929
                """);
        Throwable e = assertThrows(Exception.class, () -> TestHub.embedded(dir.resolve("data"),
                Map.of("knutepunkt.members.file", "file:" + csv)).start());
        assertThat(rootCause(e).getMessage()).contains("line 2").contains("Vestlandet");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aBadValueStopsTheStartWithOneLineNamingThePropertyTheValueAndTheRule(CapturedOutput output) {
        assertThrows(Exception.class, () -> TestHub.embedded(dir.resolve("data"),
                Map.of("knutepunkt.intake.max-backlog", "-1")).start());
        assertThat(startFailures(output)).singleElement().asString()
                .contains("knutepunkt.intake.max-backlog = '-1': must be greater than or equal to 0");
        assertThat(output.getAll()).doesNotContain("APPLICATION FAILED TO START").doesNotContain("\tat ");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aValueOfTheWrongTypeStopsTheStartWithOneLine(CapturedOutput output) {
        assertThrows(Exception.class, () -> TestHub.embedded(dir.resolve("data"),
                Map.of("knutepunkt.outbox.stale-after", "soon")).start());
        assertThat(startFailures(output)).singleElement().asString()
                .contains("knutepunkt.outbox.stale-after = 'soon'");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aPushRouteWithoutEndpointStopsTheStartWithOneLine(CapturedOutput output) {
        assertThrows(Exception.class, () -> TestHub.embedded(dir.resolve("data"),
                Map.of("knutepunkt.routing.994601008.connector", "fiksio")).start());
        assertThat(startFailures(output)).singleElement().asString()
                .contains("knutepunkt.routing.994601008.endpoint");
        assertThat(output.getAll()).doesNotContain("\tat ");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void bearerTokensTurnedOnWithoutAnIssuerStopTheStartWithOneLine(CapturedOutput output) {
        assertThrows(Exception.class, () -> TestHub.embedded(dir.resolve("data"), Map.of(
                "knutepunkt.security.jwt.enabled", "true",
                "knutepunkt.security.jwt.jwk-set-uri", "https://maskinporten.test/jwk",
                "knutepunkt.security.jwt.audience", "https://knutepunkt.test/",
                "knutepunkt.security.jwt.scope", "knutepunkt:meldinger")).start());
        assertThat(startFailures(output)).singleElement().asString()
                .contains("knutepunkt.security.jwt.issuer must be set when jwt is enabled");
        assertThat(output.getAll()).doesNotContain("\tat ");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anAcceptedTypeTheHubDoesNotKnowStopsTheStartWithOneLineNamingTheMemberAndTheValue(CapturedOutput output) {
        assertThrows(Exception.class, () -> TestHub.embedded(dir.resolve("data"), Map.of(
                "knutepunkt.routing.994602004.accepts[0]", "no.ks.fiks.arkiv.v1.arkivering",
                "knutepunkt.routing.994602004.accepts[1]", "no.ks.fiks.arkiv.v2")).start());
        assertThat(startFailures(output)).singleElement().asString()
                .contains("knutepunkt.routing.994602004.accepts[1]").contains("'no.ks.fiks.arkiv.v2'")
                .contains("neither a protocol");
        assertThat(output.getAll()).doesNotContain("\tat ");
    }

    @Test
    void anAnswerTypeOrANoticeInAcceptsStopsTheStartSayingWhy() {
        Throwable answer = assertThrows(Exception.class, () -> TestHub.embedded(dir.resolve("data"), Map.of(
                "knutepunkt.routing.994602004.accepts[0]",
                "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering")).start());
        assertThat(rootCause(answer).getMessage()).contains("knutepunkt.routing.994602004.accepts[0]")
                .contains("is an answer");
        Throwable notice = assertThrows(Exception.class, () -> TestHub.embedded(dir.resolve("data"), Map.of(
                "knutepunkt.routing.994602004.accepts[0]", "no.knutepunkt.v1.faktura")).start());
        assertThat(rootCause(notice).getMessage()).contains("is a notice only the hub sends");
    }

    private static List<String> startFailures(CapturedOutput output) {
        return output.getAll().lines().filter(l -> l.contains("Knutepunkt cannot start")).toList();
    }

    @Test
    void aPushRouteWithoutEndpointStopsTheStart() {
        Throwable e = assertThrows(Exception.class, () -> TestHub.embedded(dir.resolve("data"),
                Map.of("knutepunkt.routing.994601008.connector", "fiksio")).start());
        assertThat(rootCause(e).getMessage()).contains("knutepunkt.routing.994601008.endpoint");
    }

    @Test
    void aWrongInvoicingYearDoesNotStopTheHubButItsRunsAreRefusedNamingTheProperty() throws Exception {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("knutepunkt.invoicing.years.2021.per-inhabitant", "20.005");
        p.put("knutepunkt.invoicing.years.2022.fixed-per-member", "100000");
        p.put("knutepunkt.invoicing.years.2022.per-inhabitant", "20");
        p.put("knutepunkt.invoicing.years.2022.max-per-member", "500000");
        p.put("knutepunkt.invoicing.years.2022.self-financing.994601008", "47");
        try (TestHub hub = TestHub.embedded(dir.resolve("data"), p).start()) {
            String[] secretariat = hub.staff("secretariat");
            java.net.http.HttpResponse<String> wrong = dryRun(hub, secretariat, 2021);
            assertThat(wrong.statusCode()).isEqualTo(409);
            assertThat(wrong.body()).contains("urn:knutepunkt:problem:invoicing-misconfigured")
                    .contains("knutepunkt.invoicing.years.2021.per-inhabitant").contains("20.005");
            java.net.http.HttpResponse<String> sound = dryRun(hub, secretariat, 2022);
            assertThat(sound.statusCode()).as(sound.body()).isEqualTo(200);
            assertThat(sound.body()).contains("\"grandTotalOre\":1037072000");
        }
    }

    private static java.net.http.HttpResponse<String> dryRun(TestHub hub, String[] who, int year) throws Exception {
        return Multipart.send(java.net.http.HttpRequest.newBuilder(hub.uri().resolve("/api/v1/invoicing-runs"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"year\": " + year
                        + ", \"dryRun\": true}")), who[0], who[1]);
    }
}
