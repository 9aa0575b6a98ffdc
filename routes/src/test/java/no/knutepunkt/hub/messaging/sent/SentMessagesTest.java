package no.knutepunkt.hub.messaging.sent;

import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.B;
import static no.knutepunkt.hub.TestHub.C;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.knutepunkt.client.HubClient;
import no.knutepunkt.hub.Multipart;
import no.knutepunkt.hub.Samples;
import no.knutepunkt.hub.TestHub;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/messages}: a member's own sent messages, walked with a cursor while new ones arrive, filtered,
 * and refused filters; on the embedded H2 and on PostgreSQL (the same SQL, two databases' clocks and timestamps).
 */
class SentMessagesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String FIL = "no.knutepunkt.v1.fil";
    private static final String OPPRETT = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett";
    /** Long enough that a message just accepted is surely not listed yet, short enough to wait for. */
    private static final String SETTLE = "3s";
    @TempDir
    Path dir;
    TestHub hub;

    private TestHub start(String database) {
        Map<String, String> settings = Map.of("knutepunkt.messages.settle", SETTLE);
        return database.equals("postgres") ? TestHub.postgres(dir, settings).start()
                : TestHub.embedded(dir, settings).start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aSenderWalksItsOwnMessagesWithACursorWhileNewOnesArriveAndFiltersThem(String database) throws Exception {
        hub = start(database);
        try {
            walkAndFilter();
            badFiltersAreRefusedNamingTheField();
        } finally {
            hub.close();
            hub.dropSchema();
        }
    }

    private void walkAndFilter() throws Exception {
        Instant before = Instant.now();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(send(A, List.of(B), FIL, "walk-" + i, i % 2 == 0 ? "sak-1" : "sak-2", null));
        }
        String toTwo = send(A, List.of(B, C), FIL, "walk-5", null, null);
        sent.add(toTwo);
        // another member's message never shows in A's list
        String fromB = send(B, List.of(A), OPPRETT, "walk-b", null, null);

        // just accepted: not listed until the settle time has passed, so that no later page can miss one
        assertThat(ids(list(A, ""))).doesNotContain(toTwo);
        await().atMost(Duration.ofSeconds(30)).until(() -> ids(list(A, "")).size() == 6);
        JsonNode all = list(A, "");
        assertThat(ids(all)).containsExactlyElementsOf(sent).doesNotContain(fromB);
        JsonNode first = all.path("messages").get(0);
        assertThat(first.path("meldingType").asString()).isEqualTo(FIL);
        assertThat(first.path("klientMeldingId").asString()).isEqualTo("walk-0");
        assertThat(first.path("klientKorrelasjonsId").asString()).isEqualTo("sak-1");
        assertThat(Instant.parse(first.path("mottatt").asString())).isAfterOrEqualTo(before.minusSeconds(1));
        JsonNode recipients = all.path("messages").get(5).path("mottakere");
        assertThat(recipients).extracting(r -> r.path("mottaker").asString()).containsExactly(B, C);
        assertThat(recipients).allSatisfy(r -> assertThat(r.path("status").asString()).isEqualTo("QUEUED"));

        // pages of two: every message once, in order
        List<String> walked = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 3; page++) {
            JsonNode p = list(A, "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(p.path("messages")).hasSize(2);
            walked.addAll(ids(p));
            cursor = p.path("next").asString();
        }
        JsonNode end = list(A, "?limit=2&cursor=" + cursor);
        assertThat(end.path("messages")).isEmpty();
        assertThat(end.path("next").asString()).as("an empty page keeps the place").isEqualTo(cursor);
        assertThat(walked).containsExactlyElementsOf(sent);

        // new messages arrive: from the last place, exactly those
        String later1 = send(A, List.of(C), FIL, "walk-6", "sak-1", null);
        String later2 = send(A, List.of(B), FIL, "walk-7", null, null);
        String last = cursor;
        await().atMost(Duration.ofSeconds(30)).until(() -> ids(list(A, "?cursor=" + last)).size() == 2);
        assertThat(ids(list(A, "?cursor=" + last))).containsExactly(later1, later2);

        // filters
        assertThat(ids(list(A, "?klientKorrelasjonsId=sak-1"))).containsExactly(sent.get(0), sent.get(2), sent.get(4),
                later1);
        assertThat(ids(list(A, "?meldingType=" + OPPRETT))).isEmpty();
        assertThat(ids(list(B, "?meldingType=" + OPPRETT))).containsExactly(fromB);
        Instant afterFirstSix = Instant.parse(list(A, "?cursor=" + last).path("messages").get(0).path("mottatt")
                .asString());
        assertThat(ids(list(A, "?from=" + afterFirstSix))).containsExactly(later1, later2);
        assertThat(ids(list(A, "?to=" + afterFirstSix))).containsExactlyElementsOf(sent);

        // a delivery acknowledged from the inbox: DELIVERED; a message matches when one of its deliveries has it
        HubClient kinn = hub.client(B);
        await().atMost(Duration.ofSeconds(30)).until(() -> inInbox(kinn, toTwo));
        kinn.download(toTwo);
        kinn.acknowledge(toTwo);
        assertThat(ids(list(A, "?status=DELIVERED"))).containsExactly(toTwo);
        assertThat(ids(list(A, "?status=queued"))).contains(toTwo, later1);

        // an answer: found by the request it answers
        String mottatt = send(A, List.of(B), OPPRETT + ".mottatt", "walk-svar", null, fromB);
        await().atMost(Duration.ofSeconds(30)).until(() -> ids(list(A, "?svarPaMelding=" + fromB)).size() == 1);
        assertThat(ids(list(A, "?svarPaMelding=" + fromB))).containsExactly(mottatt);
        assertThat(list(A, "?svarPaMelding=" + fromB).path("messages").get(0).path("svarPaMelding").asString())
                .isEqualTo(fromB);
    }

    private void badFiltersAreRefusedNamingTheField() throws Exception {
        for (String[] bad : new String[][] {{"status=SENT", "status"}, {"limit=0", "limit"}, {"limit=1001", "limit"},
                {"limit=ti", "limit"}, {"from=yesterday", "from"}, {"to=2026-13-01T00:00:00Z", "to"},
                {"from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "to"}, {"cursor=not-a-cursor", "cursor"},
                {"meldingType=no.ks.fiks.arkiv.v9.x", "meldingType"}, {"svarPaMelding=abc", "svarPaMelding"},
                {"klientKorrelasjonsId=" + "k".repeat(201), "klientKorrelasjonsId"}}) {
            HttpResponse<String> response = get(A, "?" + bad[0]);
            assertThat(response.statusCode()).as(bad[0] + ": " + response.body()).isEqualTo(400);
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("type").asString()).isEqualTo("urn:knutepunkt:problem:invalid-parameter");
            assertThat(problem.path("field").asString()).as(bad[0]).isEqualTo(bad[1]);
        }
        String[] operator = hub.staff("operator");
        HttpResponse<String> staff = Multipart.get(hub.uri(), "/api/v1/messages", operator[0], operator[1]);
        assertThat(staff.statusCode()).isEqualTo(403);
    }

    private boolean inInbox(HubClient client, String meldingId) throws Exception {
        for (JsonNode m : client.inbox()) {
            if (meldingId.equals(m.path("meldingId").asString())) {
                return true;
            }
        }
        return false;
    }

    private String send(String from, List<String> to, String type, String key, String korrelasjon, String svarPa)
            throws Exception {
        StringBuilder metadata = new StringBuilder("{\"avsender\":\"" + from + "\",\"mottakere\":"
                + JSON.writeValueAsString(to) + ",\"meldingType\":\"" + type + "\",\"klientMeldingId\":\"" + key + "\"");
        if (korrelasjon != null) {
            metadata.append(",\"klientKorrelasjonsId\":\"").append(korrelasjon).append('"');
        }
        if (svarPa != null) {
            metadata.append(",\"svarPaMelding\":\"").append(svarPa).append('"');
        }
        metadata.append('}');
        byte[] payload = type.equals(OPPRETT) ? Samples.arkivmeldingOpprett()
                : type.equals(FIL) ? "fil".getBytes(StandardCharsets.UTF_8) : null;
        HttpResponse<String> response = Multipart.post(hub.uri(), from, hub.identity(from).password(),
                Multipart.parts(metadata.toString(), payload == null ? null : hub.sign(from, payload)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).path("meldingId").asString();
    }

    private HttpResponse<String> get(String caller, String query) throws Exception {
        return Multipart.get(hub.uri(), "/api/v1/messages" + query.replace("+", URLEncoder.encode("+",
                StandardCharsets.UTF_8)), caller, hub.identity(caller).password());
    }

    private JsonNode list(String caller, String query) throws Exception {
        HttpResponse<String> response = get(caller, query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("messages").forEach(m -> ids.add(m.path("meldingId").asString()));
        return ids;
    }
}
