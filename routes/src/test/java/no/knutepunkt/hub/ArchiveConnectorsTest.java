package no.knutepunkt.hub;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static no.knutepunkt.hub.TestHub.A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.knutepunkt.client.HubClient;
import no.knutepunkt.platform.protocol.SchemaValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The hub archives on a member's behalf through its Noark 5 API (WireMock stand-in), and the
 * archive's receipt reaches the sender; a member without integration gets a SvarUt forsendelse
 * (WireMock stand-in), recorded in the delivery's history.
 */
class ArchiveConnectorsTest {
    private static final String OPPRETT = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett";
    private static final String ARCHIVE = "994615009";
    private static final String NO_INTEGRATION = "994616005";
    private static final String ARKIVDEL = "0b6f3e2a-5c1d-4e8f-9a7b-1c2d3e4f5a60";
    private static final String SAKSMAPPE = "5f2a9c1e-3b4d-4e6f-8a9b-0c1d2e3f4a51";
    private static final String JOURNALPOST = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c52";
    private static final String DOKUMENTBESKRIVELSE = "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d53";
    private static final String DOKUMENTOBJEKT = "c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e54";
    @TempDir
    static Path dir;
    static WireMockServer noark;
    static WireMockServer svarut;
    static TestHub hub;

    @BeforeAll
    static void start() {
        noark = StandIns.started();
        svarut = StandIns.started();
        hub = TestHub.postgres(dir, Map.of(
                "knutepunkt.routing." + ARCHIVE + ".connector", "noark5",
                "knutepunkt.routing." + ARCHIVE + ".endpoint", noark.baseUrl(),
                "knutepunkt.routing." + ARCHIVE + ".arkivdel", ARKIVDEL,
                "knutepunkt.routing." + NO_INTEGRATION + ".connector", "svarut",
                "knutepunkt.svarut.base-url", svarut.baseUrl(),
                "knutepunkt.svarut.username", "knutepunkt",
                "knutepunkt.svarut.password", "hemmeleg")).start();
    }

    @AfterAll
    static void stop() {
        hub.close();
        hub.dropSchema();
        noark.stop();
        svarut.stop();
    }

    @Test
    void anArkivmeldingIsArchivedThroughNoark5AndTheKvitteringReachesTheSender() throws Exception {
        created(post(urlEqualTo("/noark5v5/api/arkivstruktur/arkivdel/" + ARKIVDEL + "/ny-saksmappe")),
                "{\"systemID\":\"" + SAKSMAPPE + "\",\"mappeID\":\"2026/17\",\"saksaar\":2026,\"sakssekvensnummer\":17}");
        created(post(urlEqualTo("/noark5v5/api/sakarkiv/saksmappe/" + SAKSMAPPE + "/ny-journalpost")),
                "{\"systemID\":\"" + JOURNALPOST + "\",\"journalaar\":2026,\"journalsekvensnummer\":431,"
                        + "\"journalpostnummer\":\"1\"}");
        created(post(urlPathMatching("/noark5v5/api/arkivstruktur/registrering/.*/ny-dokumentbeskrivelse")),
                "{\"systemID\":\"" + DOKUMENTBESKRIVELSE + "\",\"dokumentnummer\":1}");
        created(post(urlPathMatching("/noark5v5/api/arkivstruktur/dokumentbeskrivelse/.*/ny-dokumentobjekt")),
                "{\"systemID\":\"" + DOKUMENTOBJEKT + "\",\"versjonsnummer\":1}");
        created(put(urlPathMatching("/noark5v5/api/arkivstruktur/dokumentobjekt/.*/referanseFil")),
                "{\"systemID\":\"" + DOKUMENTOBJEKT + "\"}");

        String meldingId = hub.client(A).send(new HubClient.Send(A, List.of(ARCHIVE), OPPRETT, "noark-1", "sak-9",
                null, null, "arkivmelding.xml"), hub.sign(A, Samples.arkivmeldingOpprett()));

        await().atMost(Duration.ofSeconds(30)).until(() -> "ACKNOWLEDGED".equals(delivery(meldingId).path("status").asText()));
        noark.verify(1, postRequestedFor(urlEqualTo("/noark5v5/api/arkivstruktur/arkivdel/" + ARKIVDEL + "/ny-saksmappe")));
        noark.verify(1, postRequestedFor(urlEqualTo("/noark5v5/api/sakarkiv/saksmappe/" + SAKSMAPPE + "/ny-journalpost")));
        noark.verify(1, putRequestedFor(urlPathMatching("/noark5v5/api/arkivstruktur/dokumentobjekt/.*/referanseFil")));
        assertThat(EndToEndTest.statuses(delivery(meldingId))).containsSubsequence("QUEUED", "DELIVERED",
                "ACKNOWLEDGED");
        assertThat(reasons(meldingId)).anySatisfy(r -> assertThat(r).contains("Noark 5").contains(SAKSMAPPE));

        JsonNode kvittering = await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode m : hub.client(A).inbox()) {
                if (m.path("svarPaMelding").asText().equals(meldingId)) {
                    return m;
                }
            }
            return null;
        }, m -> m != null);
        assertThat(kvittering.path("meldingType").asText()).isEqualTo(OPPRETT + ".kvittering");
        assertThat(kvittering.path("filnavn").asText()).isEqualTo("arkivmelding-kvittering.xml");
        HubClient.Download download = hub.client(A).download(kvittering.path("meldingId").asText());
        byte[] xml = hub.opener(A).open(download.enveloped(), kvittering.path("avsender").asText());
        hub.bean(SchemaValidator.class).validate(OPPRETT + ".kvittering", xml);
        assertThat(new String(xml, java.nio.charset.StandardCharsets.UTF_8)).contains(SAKSMAPPE).contains(JOURNALPOST);
    }

    @Test
    void aMemberWithoutIntegrationGetsASvarUtForsendelse() throws Exception {
        svarut.stubFor(post(urlEqualTo("/tjenester/api/forsendelse/v1/sendForsendelse"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"7d2c1e4a-0000-4000-8000-000000000017\"}")));
        svarut.stubFor(get(urlEqualTo("/tjenester/api/forsendelse/v1/7d2c1e4a-0000-4000-8000-000000000017/status"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"MOTTATT\"}")));

        String meldingId = hub.client(A).send(new HubClient.Send(A, List.of(NO_INTEGRATION), OPPRETT, "svarut-1",
                null, null, null, "arkivmelding.xml"), hub.sign(A, Samples.arkivmeldingOpprett()));

        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(delivery(meldingId).path("status").asText()));
        svarut.verify(1, postRequestedFor(urlEqualTo("/tjenester/api/forsendelse/v1/sendForsendelse"))
                .withHeader("Authorization", equalTo("Basic " + java.util.Base64.getEncoder()
                        .encodeToString("knutepunkt:hemmeleg".getBytes()))));
        assertThat(reasons(meldingId)).anySatisfy(r -> assertThat(r).contains("7d2c1e4a-0000-4000-8000-000000000017"));
        assertThat(reasons(meldingId)).anySatisfy(r -> assertThat(r).contains("MOTTATT"));
        String forsendelse = svarut.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().endsWith("sendForsendelse")).findFirst().orElseThrow()
                .getRequest().getPart("forsendelse").getBody().asString();
        assertThat(forsendelse).contains(NO_INTEGRATION).contains(meldingId);
    }

    private static void created(com.github.tomakehurst.wiremock.client.MappingBuilder request, String json) {
        noark.stubFor(request.willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/vnd.noark5+json").withBody(json)));
    }

    private static JsonNode delivery(String meldingId) throws Exception {
        return hub.client(A).status(meldingId).path("deliveries").get(0);
    }

    private static List<String> reasons(String meldingId) throws Exception {
        List<String> reasons = new java.util.ArrayList<>();
        delivery(meldingId).path("history").forEach(h -> reasons.add(h.path("reason").asText()));
        return reasons;
    }
}
