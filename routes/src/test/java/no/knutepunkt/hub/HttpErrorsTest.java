package no.knutepunkt.hub;

import static no.knutepunkt.hub.TestHub.A;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What the hub answers to requests its routes do not take — unknown paths, wrong methods, wrong content types,
 * broken multipart bodies — through real HTTP: always a specific problem+json, never a 500, never a container's
 * class name, never the error page's own path.
 */
class HttpErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CLASS_NAME = Pattern.compile("(org\\.apache|java\\.|javax\\.|jakarta\\.|"
            + "tools\\.jackson|com\\.fasterxml|springframework)");
    private static final String BOUNDARY = "kp-boundary";
    @TempDir
    static Path dir;
    static TestHub hub;
    static String[] secretariat;
    static String[] operator;

    @BeforeAll
    static void start() {
        hub = TestHub.embedded(dir.resolve("data"), Map.of()).start();
        secretariat = hub.staff("secretariat");
        operator = hub.staff("operator");
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private static JsonNode problem(HttpResponse<String> response, int status, String slug) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:knutepunkt:problem:" + slug);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asString()).isNotBlank().doesNotContainPattern(CLASS_NAME)
                .doesNotContain("/error");
        return problem;
    }

    private static HttpResponse<String> request(String method, String path, String contentType, String body,
                                                String[] who) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return Multipart.send(request, who == null ? null : who[0], who == null ? null : who[1]);
    }

    private static String[] member() {
        return new String[] {A, hub.identity(A).password()};
    }

    @Test
    void anUnknownPathIsNotFoundForAnAuthenticatedCallerAndUnauthenticatedForAStranger() throws Exception {
        // ("/" is the console's: it sends a browser to its sign-in page, see ConsoleSecurityTest)
        for (String path : new String[] {"/api/v1/nothing-here", "/api/v2/members", "/api/nothing", "/nothing"}) {
            JsonNode p = problem(request("GET", path, null, null, operator), 404, "not-found");
            assertThat(p.path("instance").asString()).isEqualTo(path);
            assertThat(p.path("detail").asString()).contains(path);
        }
        // the error page itself is no page
        HttpResponse<String> error = request("GET", "/error", null, null, operator);
        assertThat(error.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(error.body()).path("type").asString()).isEqualTo("urn:knutepunkt:problem:not-found");
        problem(request("POST", "/api/v1/projects/no-such-project/nothing", "application/json", "{}", secretariat),
                404, "not-found");
        // strangers learn nothing of what exists: 401 on known and unknown paths alike
        problem(request("GET", "/api/v1/nothing-here", null, null, null), 401, "unauthenticated");
        problem(request("GET", "/nothing", null, null, null), 401, "unauthenticated");
        problem(request("GET", "/api/v1/members", null, null, null), 401, "unauthenticated");
    }

    @Test
    void aWrongMethodOnAKnownPathIsNotAllowedAndSaysWhichAre() throws Exception {
        HttpResponse<String> put = request("PUT", "/api/v1/projects", "application/json", "{}", secretariat);
        JsonNode p = problem(put, 405, "method-not-allowed");
        assertThat(put.headers().firstValue("Allow")).hasValueSatisfying(
                allow -> assertThat(allow).contains("GET").contains("POST").doesNotContain("PUT"));
        assertThat(p.path("detail").asString()).startsWith("PUT is not allowed on /api/v1/projects");

        HttpResponse<String> delete = request("DELETE", "/api/v1/members", null, null, operator);
        problem(delete, 405, "method-not-allowed");
        assertThat(delete.headers().firstValue("Allow")).hasValueSatisfying(
                allow -> assertThat(allow).contains("GET").doesNotContain("DELETE"));

        HttpResponse<String> postInbox = request("POST", "/api/v1/inbox/some-id", "application/json", "{}",
                member());
        problem(postInbox, 405, "method-not-allowed");
        assertThat(postInbox.headers().firstValue("Allow")).hasValueSatisfying(
                allow -> assertThat(allow).contains("GET").contains("DELETE"));

        // outside /api (Spring MVC's actuator) the same
        HttpResponse<String> actuator = request("DELETE", "/actuator/health", null, null, operator);
        problem(actuator, 405, "method-not-allowed");
        assertThat(actuator.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("GET"));

        // the role is checked before the method: a member may not use the secretariat's paths at all
        problem(request("PUT", "/api/v1/projects", "application/json", "{}", member()), 403, "forbidden");
    }

    @Test
    void aJsonEndpointWithoutJsonIsAnUnsupportedMediaType() throws Exception {
        String project = "{\"noekkel\":\"p1\",\"namn\":\"Prosjekt\",\"prosjekteigar\":\"" + A + "\","
                + "\"deltakarar\":[],\"mandat\":\"m\",\"budsjett\":1,\"status\":\"GODKJENT\"}";
        Map<String, String> bodies = Map.of(
                "/api/v1/projects", project,
                "/api/v1/invoicing-runs", "{\"year\": 2021, \"dryRun\": true}",
                "/api/v1/resource-use", "{\"noekkel\":\"r1\",\"year\":2021,\"orgnr\":\"994602004\","
                        + "\"description\":\"d\",\"hours\":1}");
        for (Map.Entry<String, String> e : bodies.entrySet()) {
            // as curl -d sends it, as a client sends it that sets no type, and as text
            for (String type : new String[] {"application/x-www-form-urlencoded", null, "text/plain"}) {
                JsonNode p = problem(request("POST", e.getKey(), type, e.getValue(), secretariat), 415,
                        "unsupported-media-type");
                assertThat(p.path("detail").asString()).contains("application/json");
            }
        }
        HttpResponse<String> projects = request("GET", "/api/v1/projects", null, null, secretariat);
        assertThat(JSON.readTree(projects.body())).isEmpty();
    }

    @Test
    void aMultipartEndpointWithAnotherTypeIsAnUnsupportedMediaType() throws Exception {
        for (String type : new String[] {"application/json", "application/x-www-form-urlencoded", null}) {
            problem(request("POST", "/api/v1/messages", type, "{\"avsender\":\"" + A + "\"}", member()), 415,
                    "unsupported-media-type");
            problem(request("POST", "/api/v1/distributions", type, "{\"noekkel\":\"d\"}", secretariat), 415,
                    "unsupported-media-type");
        }
    }

    @Test
    void aMultipartBodyWithoutBoundaryIsABadRequest() throws Exception {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n{}\r\n--"
                + BOUNDARY + "--\r\n";
        JsonNode p = problem(request("POST", "/api/v1/messages", "multipart/form-data", body, member()), 400,
                "malformed-multipart");
        assertThat(p.path("detail").asString()).contains("boundary");
        problem(request("POST", "/api/v1/distributions", "multipart/form-data", body, secretariat), 400,
                "malformed-multipart");
    }

    @Test
    void aMultipartBodyThatEndsBeforeItsClosingBoundaryIsABadRequest() throws Exception {
        String cut = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n"
                + "{\"avsender\":\"" + A + "\"";
        String type = "multipart/form-data; boundary=" + BOUNDARY;
        // streamed by intake, and parsed by the container for the secretariat's uploads
        problem(request("POST", "/api/v1/messages", type, cut, member()), 400, "malformed-multipart");
        problem(request("POST", "/api/v1/distributions", type, cut, secretariat), 400, "malformed-multipart");
    }

    @Test
    void aMultipartBodyCutOffByTheConnectionIsABadRequest() throws Exception {
        // the container answers this one itself, without a body: the connection it would go to is broken
        for (String[] call : new String[][] {{"/api/v1/messages", A, hub.identity(A).password()},
                {"/api/v1/distributions", secretariat[0], secretariat[1]}}) {
            String answer = raw(call[0], new String[] {call[1], call[2]});
            assertThat(answer).startsWith("HTTP/1.1 400 ").doesNotContainPattern(CLASS_NAME);
        }
        // and the hub goes on answering
        assertThat(request("GET", "/api/v1/members", null, null, operator).statusCode()).isEqualTo(200);
    }

    /**
     * Sends a multipart request that declares more bytes than it sends, then closes its side of the connection
     * (the way a client that dies or loses its network leaves one), and returns the raw answer.
     */
    private static String raw(String path, String[] who) throws IOException {
        byte[] body = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"d\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + "x".repeat(1000)).getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + hub.uri().getAuthority() + "\r\n"
                + "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString((who[0] + ":" + who[1])
                .getBytes(StandardCharsets.UTF_8)) + "\r\n"
                + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
                + "Content-Length: " + (body.length + 10_000) + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket(hub.uri().getHost(), hub.uri().getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
