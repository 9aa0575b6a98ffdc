package no.knutepunkt.hub.secretariat.project;

import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.B;
import static no.knutepunkt.hub.TestHub.C;
import static no.knutepunkt.hub.TestHub.D;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.knutepunkt.client.HubClient;
import no.knutepunkt.hub.Multipart;
import no.knutepunkt.hub.TestHub;
import no.knutepunkt.platform.protocol.SchemaValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project portfolio: a project with an owner and participants; each document added to it is
 * archived at every participant as a Fiks Arkiv arkivmelding.opprett (saksmappe first, then
 * journalposts in it), checked in the participants' inboxes.
 */
class ProjectTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HUB = "921000006";
    private static final String OPPRETT = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett";
    @TempDir
    static Path dir;
    static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.postgres(dir, Map.of("knutepunkt.distributions.interval", "200ms")).start();
    }

    @AfterAll
    static void stop() {
        hub.close();
        hub.dropSchema();
    }

    private static HttpResponse<String> postJson(String path, String json) throws Exception {
        String[] secretariat = hub.staff("secretariat");
        return Multipart.send(HttpRequest.newBuilder(hub.uri().resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), secretariat[0], secretariat[1]);
    }

    private static JsonNode addDocument(String id, String noekkel, String tittel, byte[] content) throws Exception {
        String[] secretariat = hub.staff("secretariat");
        HttpResponse<String> response = Multipart.post(hub.uri(), "/api/v1/projects/" + id + "/documents",
                secretariat[0], secretariat[1], Multipart.parts("{\"noekkel\":\"" + noekkel + "\",\"tittel\":\""
                        + tittel + "\",\"filnavn\":\"" + noekkel + ".pdf\"}", content));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body());
    }

    private static byte[] archived(String orgnr, String korrelasjon) throws Exception {
        HubClient client = hub.client(orgnr);
        JsonNode message = await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode m : client.inbox()) {
                if (korrelasjon.equals(m.path("klientKorrelasjonsId").asText())) {
                    return m;
                }
            }
            return null;
        }, m -> m != null);
        assertThat(message.path("meldingType").asText()).isEqualTo(OPPRETT);
        HubClient.Download download = client.download(message.path("meldingId").asText());
        byte[] xml = hub.opener(orgnr).open(download.enveloped(), HUB);
        client.acknowledge(message.path("meldingId").asText());
        hub.bean(SchemaValidator.class).validate(OPPRETT, xml);
        return xml;
    }

    @Test
    void documentsAreArchivedAtEveryParticipantInOneSaksmappePerProject() throws Exception {
        HttpResponse<String> created = postJson("/api/v1/projects", JSON.writeValueAsString(Map.of(
                "noekkel", "portal-2026", "namn", "Felles innbyggjarportal", "prosjekteigar", A,
                "deltakarar", List.of(B, C), "mandat", "Greie ut og innføre ein felles portal",
                "budsjett", 1_500_000, "status", "GODKJENT")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode project = JSON.readTree(created.body());
        String id = project.path("id").asText();
        assertThat(project.path("deltakarar")).hasSize(3);
        assertThat(postJson("/api/v1/projects", JSON.writeValueAsString(Map.of("noekkel", "portal-2026",
                "namn", "x", "prosjekteigar", A, "mandat", "x"))).statusCode()).isEqualTo(200);

        byte[] mandat = "%PDF-1.4 mandat".getBytes(StandardCharsets.UTF_8);
        addDocument(id, "mandat", "Prosjektmandat", mandat);
        for (String participant : List.of(A, B, C)) {
            String xml = new String(archived(participant, "prosjekt:" + id + ":mandat"), StandardCharsets.UTF_8);
            assertThat(xml).contains("Prosjekt: Felles innbyggjarportal").contains("Prosjektmandat")
                    .contains("<mappe");
        }
        addDocument(id, "referat-1", "Referat frå styringsgruppa", "%PDF-1.4 referat".getBytes(StandardCharsets.UTF_8));
        String second = new String(archived(B, "prosjekt:" + id + ":referat-1"), StandardCharsets.UTF_8);
        assertThat(second).contains("Referat frå styringsgruppa").contains(id).doesNotContain("<mappe");
        assertThat(archived(C, "prosjekt:" + id + ":referat-1")).isNotEmpty();
        assertThat(hub.client(D).inbox().toString()).doesNotContain(id);

        // the file itself, for participants
        HttpResponse<String> file = Multipart.get(hub.uri(), "/api/v1/projects/" + id + "/documents/mandat", B,
                hub.identity(B).password());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo("%PDF-1.4 mandat");
        assertThat(Multipart.get(hub.uri(), "/api/v1/projects/" + id + "/documents/mandat", D,
                hub.identity(D).password()).statusCode()).isEqualTo(403);

        HttpResponse<String> status = postJson("/api/v1/projects/" + id + "/status", "{\"status\":\"AKTIV\"}");
        assertThat(JSON.readTree(status.body()).path("status").asText()).isEqualTo("AKTIV");
        JsonNode shown = JSON.readTree(Multipart.get(hub.uri(), "/api/v1/projects/" + id, B,
                hub.identity(B).password()).body());
        assertThat(shown.path("dokument")).hasSize(2);
        assertThat(shown.path("dokument").get(0).path("counts").path("DELIVERED").asInt()).isEqualTo(3);
    }

    @Test
    void badProjectsAreRefused() throws Exception {
        HttpResponse<String> unknown = postJson("/api/v1/projects", JSON.writeValueAsString(Map.of("noekkel", "bad-1",
                "namn", "x", "prosjekteigar", "999999999", "mandat", "x")));
        assertThat(unknown.statusCode()).isEqualTo(422);
        HttpResponse<String> status = postJson("/api/v1/projects", JSON.writeValueAsString(Map.of("noekkel", "bad-2",
                "namn", "x", "prosjekteigar", A, "mandat", "x", "status", "FERDIG")));
        assertThat(status.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(status.body()).path("field").asText()).isEqualTo("status");
        HttpResponse<String> asMember = Multipart.send(HttpRequest.newBuilder(hub.uri().resolve("/api/v1/projects"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")),
                A, hub.identity(A).password());
        assertThat(asMember.statusCode()).isEqualTo(403);
        assertThat(hub.count("select count(*) from prosjekt where noekkel like 'bad-%'")).isZero();
    }

    @Test
    void overlongTextsAndHostileFileNamesAreRefusedNamingTheFieldAndNothingLeaksTheContainer() throws Exception {
        int projects = hub.count("select count(*) from prosjekt");
        for (Map.Entry<String, String> field : Map.of("noekkel", "k".repeat(201), "namn", "n".repeat(501),
                "mandat", "m".repeat(4001)).entrySet()) {
            Map<String, Object> project = new java.util.HashMap<>(Map.of("noekkel", "lang-1", "namn", "x",
                    "prosjekteigar", A, "mandat", "x"));
            project.put(field.getKey(), field.getValue());
            HttpResponse<String> refused = postJson("/api/v1/projects", JSON.writeValueAsString(project));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            JsonNode problem = JSON.readTree(refused.body());
            assertThat(problem.path("field").asText()).isEqualTo(field.getKey());
            assertThat(problem.path("detail").asText()).contains("at most");
        }
        assertThat(hub.count("select count(*) from prosjekt")).isEqualTo(projects);

        HttpResponse<String> created = postJson("/api/v1/projects", JSON.writeValueAsString(Map.of(
                "noekkel", "filnamn-1", "namn", "x", "prosjekteigar", A, "mandat", "x")));
        String id = JSON.readTree(created.body()).path("id").asText();
        String[] secretariat = hub.staff("secretariat");
        for (String name : new String[] {"..", "PRN.pdf", "a.pdf:b", "x\u202Egpj.exe"}) {
            HttpResponse<String> refused = Multipart.post(hub.uri(), "/api/v1/projects/" + id + "/documents",
                    secretariat[0], secretariat[1], Multipart.parts("{\"noekkel\":\"d-1\",\"tittel\":\"t\","
                            + "\"filnavn\":" + JSON.writeValueAsString(name) + "}", new byte[] {1}));
            assertThat(refused.statusCode()).as(name).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).path("field").asText()).isEqualTo("filnavn");
        }
        // a body cut off before its closing boundary: 400, in the hub's words, not the container's
        HttpResponse<String> cut = Multipart.send(HttpRequest.newBuilder(hub.uri().resolve(
                        "/api/v1/projects/" + id + "/documents"))
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString("--b\r\nContent-Disposition: form-data; name=\"metadata\""
                        + "\r\n\r\n{\"noekkel\":\"d-2\"}\r\n--b\r\nContent-Disposition: form-data; name=\"data\";"
                        + " filename=\"x\"\r\n\r\nabc")), secretariat[0], secretariat[1]);
        assertThat(cut.statusCode()).isEqualTo(400);
        assertThat(cut.body()).contains("malformed-multipart").doesNotContain("org.apache").doesNotContain("java.");
        assertThat(hub.count("select count(*) from prosjekt_dokument where prosjekt_id = ?", id)).isZero();
    }
}
