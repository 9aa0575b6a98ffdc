package no.knutepunkt.hub.secretariat.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.knutepunkt.client.HubClient;
import no.knutepunkt.hub.Multipart;
import no.knutepunkt.hub.TestHub;
import no.knutepunkt.platform.member.Member;
import no.knutepunkt.platform.member.MemberRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secretariat's distributions through the REST API: to all 43 members, a region, an IT
 * cooperation; an idempotent re-post; cancelling; refusals. Each recipient's copy is checked in
 * its own inbox.
 */
class DistributionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HUB = "921000006";
    private static final byte[] DOCUMENT = "Samarbeidsavtale for Digi Vestland, versjon 2".getBytes(StandardCharsets.UTF_8);
    @TempDir
    static Path dir;
    static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.postgres(dir, Map.of(
                "knutepunkt.distributions.batch-size", "5",
                "knutepunkt.distributions.interval", "300ms",
                // one batch per tick, so that a cancel meets a distribution half made
                "knutepunkt.distributions.batches-per-tick", "1")).start();
    }

    @AfterAll
    static void stop() {
        hub.close();
        hub.dropSchema();
    }

    static HttpResponse<String> post(String key, String maal) throws Exception {
        String[] secretariat = hub.staff("secretariat");
        return post(secretariat, key, maal, DOCUMENT);
    }

    static HttpResponse<String> post(String[] who, String key, String maal, byte[] document) throws Exception {
        String metadata = "{\"noekkel\":\"" + key + "\",\"meldingType\":\"no.knutepunkt.v1.fil\","
                + "\"filnavn\":\"avtale.txt\",\"maal\":" + maal + "}";
        return Multipart.post(hub.uri(), "/api/v1/distributions", who[0], who[1],
                Multipart.parts(metadata, document));
    }

    static JsonNode get(String id) throws Exception {
        String[] secretariat = hub.staff("secretariat");
        HttpResponse<String> response = Multipart.get(hub.uri(), "/api/v1/distributions/" + id, secretariat[0],
                secretariat[1]);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The distribution's messages in a member's inbox, once there is at least one. */
    static List<JsonNode> inInbox(String orgnr, String key) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> !inInboxNow(orgnr, key).isEmpty());
        return inInboxNow(orgnr, key);
    }

    /** The distribution's messages in a member's inbox now. */
    static List<JsonNode> inInboxNow(String orgnr, String key) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode m : hub.client(orgnr).inbox()) {
            if (key.equals(m.path("klientKorrelasjonsId").asText()) && HUB.equals(m.path("avsender").asText())) {
                found.add(m);
            }
        }
        return found;
    }

    private static String distribute(String key, String maal, int expected) throws Exception {
        HttpResponse<String> response = post(key, maal);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode created = JSON.readTree(response.body());
        assertThat(created.path("recipients").asInt()).isEqualTo(expected);
        String id = created.path("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> get(id).path("counts").path("QUEUED").asInt() == expected);
        return id;
    }

    @Test
    void toAllMembersEachGetsOneSignedCopyInItsInbox() throws Exception {
        String id = distribute("alle-2026-1", "{\"alle\":true}", 43);

        JsonNode distribution = get(id);
        assertThat(distribution.path("mottakere")).hasSize(43);
        for (Member member : hub.bean(MemberRegistry.class).all()) {
            List<JsonNode> copies = inInbox(member.orgnr(), "alle-2026-1");
            assertThat(copies).as(member.name()).hasSize(1);
        }
        // a copy opens as signed by the hub, with the exact document
        String bergen = TestHub.A;
        JsonNode copy = inInbox(bergen, "alle-2026-1").get(0);
        HubClient.Download download = hub.client(bergen).download(copy.path("meldingId").asText());
        assertThat(hub.opener(bergen).open(download.enveloped(), HUB)).isEqualTo(DOCUMENT);
        hub.client(bergen).acknowledge(copy.path("meldingId").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> get(id).path("counts").path("DELIVERED").asInt() == 1);
    }

    @Test
    void toARegionAndToAnItCooperation() throws Exception {
        distribute("region-1", "{\"region\":\"Sunnhordland\"}", 8);
        assertThat(inInbox("994612018", "region-1")).hasSize(1);   // Sveio, Sunnhordland
        assertThat(inInboxNow("994602004", "region-1")).isEmpty();    // Kinn, Nordfjord

        String id = distribute("ikt-1", "{\"itSamarbeid\":\"IKT Nordhordland\"}", 6);
        List<String> orgnrs = new ArrayList<>();
        get(id).path("mottakere").forEach(m -> orgnrs.add(m.path("orgnr").asText()));
        List<String> expected = hub.bean(MemberRegistry.class).all().stream()
                .filter(m -> m.itCooperation().filter("IKT Nordhordland"::equals).isPresent())
                .map(Member::orgnr).sorted().toList();
        assertThat(orgnrs).isEqualTo(expected);
    }

    @Test
    void repostingTheSameKeyReturnsTheSameDistributionAndSendsNothingTwice() throws Exception {
        String id = distribute("idem-1", "{\"mottakere\":[\"994611003\",\"994613006\"]}", 2);
        int messages = hub.count("select count(*) from melding where avsender = ?", HUB);

        HttpResponse<String> again = post("idem-1", "{\"mottakere\":[\"994611003\",\"994613006\"]}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).path("id").asText()).isEqualTo(id);
        // no new messages are made for it over a second (five batch intervals)
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> hub.count("select count(*) from melding where avsender = ?", HUB) == messages);
        assertThat(inInbox("994611003", "idem-1")).hasSize(1);
    }

    @Test
    void cancellingStopsTheDeliveriesNotYetMade() throws Exception {
        List<String> twenty = hub.bean(MemberRegistry.class).all().stream().map(Member::orgnr).skip(20).limit(20)
                .toList();
        HttpResponse<String> response = post("cancel-1", "{\"mottakere\":" + JSON.writeValueAsString(twenty) + "}");
        String id = JSON.readTree(response.body()).path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> get(id).path("counts").path("PENDING").asInt() < 20);

        String[] secretariat = hub.staff("secretariat");
        HttpResponse<String> cancel = Multipart.send(HttpRequest.newBuilder(hub.uri().resolve(
                "/api/v1/distributions/" + id + "/cancel")).POST(HttpRequest.BodyPublishers.noBody()),
                secretariat[0], secretariat[1]);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);

        // over three batch intervals nothing more is made
        JsonNode cancelledState = get(id);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> get(id).path("counts").equals(cancelledState.path("counts")));
        JsonNode after = get(id);
        assertThat(after.path("state").asText()).isEqualTo("CANCELLED");
        int pending = after.path("counts").path("PENDING").asInt();
        int cancelled = after.path("counts").path("CANCELLED").asInt();
        assertThat(pending).isPositive();
        assertThat(cancelled).isPositive();
        assertThat(pending + cancelled + after.path("counts").path("DELIVERED").asInt()).isEqualTo(20);
        for (String orgnr : twenty) {
            assertThat(inInboxNow(orgnr, "cancel-1")).as(orgnr).isEmpty();
        }
    }

    @Test
    void badDistributionsAreRefusedSpecifically() throws Exception {
        String[] secretariat = hub.staff("secretariat");
        assertThat(post(new String[] {TestHub.A, hub.identity(TestHub.A).password()}, "m-1", "{\"alle\":true}",
                DOCUMENT).statusCode()).isEqualTo(403);
        assertProblem(post("u-1", "{\"mottakere\":[\"999999999\"]}"), 422, "unknown-recipient");
        assertProblem(post("r-1", "{\"region\":\"Finnmark\"}"), 422, "empty-target");
        assertProblem(post("t-1", "{\"alle\":true,\"region\":\"Bergen\"}"), 400, "invalid-metadata");
        assertProblem(post(secretariat, "", "{\"alle\":true}", DOCUMENT), 400, "invalid-metadata");
        String badType = "{\"noekkel\":\"bt-1\",\"meldingType\":\"no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett\","
                + "\"maal\":{\"alle\":true}}";
        assertProblem(Multipart.post(hub.uri(), "/api/v1/distributions", secretariat[0], secretariat[1],
                Multipart.parts(badType, "<ikkje-arkivmelding/>".getBytes(StandardCharsets.UTF_8))), 422,
                "schema-invalid");
        assertThat(hub.count("select count(*) from distribusjon where noekkel in ('u-1','r-1','t-1','bt-1')"))
                .isZero();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String slug) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).path("type").asText()).isEqualTo("urn:knutepunkt:problem:" + slug);
    }
}
