package no.knutepunkt.hub.api;

import static no.knutepunkt.hub.TestHub.A;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import no.knutepunkt.client.MemberIdentity;
import no.knutepunkt.hub.Multipart;
import no.knutepunkt.hub.TestHub;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The API's contract ({@code openapi/knutepunkt-api.yaml}) against the hub: the same operations as the REST DSL
 * routes, served at {@code /api/v1/openapi.yaml} and shown by the Swagger UI at {@code /docs/} without login, every
 * problem type of the code listed under its status, and the roles it gives enforced by the hub.
 */
class ApiContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Where a path parameter stands: an id that exists nowhere (a UUID, since most ids are). */
    private static final String NO_SUCH_ID = "00000000-0000-7000-8000-000000000000";
    @TempDir
    static Path dir;
    static TestHub hub;
    static byte[] yaml;
    static OpenApiDocument document;

    @BeforeAll
    static void start() throws IOException {
        hub = TestHub.postgres(dir, Map.of()).start();
        try (InputStream in = ApiContractTest.class.getClassLoader().getResourceAsStream(ApiContractRoutes.DOCUMENT)) {
            assertThat(in).as(ApiContractRoutes.DOCUMENT + " on the classpath").isNotNull();
            yaml = in.readAllBytes();
        }
        document = new OpenApiDocument(new String(yaml, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        hub.close();
        hub.dropSchema();
    }

    @Test
    void theDocumentNamesExactlyTheOperationsTheRestRoutesServe() {
        String contextPath = hub.camel().getRestConfiguration().getContextPath();
        Set<String> served = new TreeSet<>();
        for (RestDefinition rest : hub.camel().getCamelContextExtension().getContextPlugin(Model.class)
                .getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                served.add(verb.asVerb().toUpperCase() + " " + join(contextPath, rest.getPath(), verb.getPath()));
            }
        }
        Set<String> documented = document.operations().stream().map(Object::toString)
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> missing = new TreeSet<>(served);
        missing.removeAll(documented);
        Set<String> notServed = new TreeSet<>(documented);
        notServed.removeAll(served);
        String lists = "\nserved by the hub:\n  " + String.join("\n  ", served) + "\nin the document:\n  "
                + String.join("\n  ", documented);
        assertThat(served).as("the REST definitions").isNotEmpty();
        assertThat(missing).as("REST routes missing from the document" + lists).isEmpty();
        assertThat(notServed).as("operations in the document the hub does not serve" + lists).isEmpty();
        assertThat(document.danglingReferences()).as("$refs that point at nothing").isEmpty();
    }

    @Test
    void theDocumentIsServedWithoutLoginAsOpenApi31() throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(hub.uri().resolve("/api/v1/openapi.yaml"))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/yaml"));
        assertThat(response.body()).isEqualTo(yaml);
        OpenApiDocument served = new OpenApiDocument(new String(response.body(), StandardCharsets.UTF_8));
        assertThat(served.version()).matches("3\\.1\\.\\d+");
    }

    @Test
    void theSwaggerUiIsServedByTheHubWithoutLoginAndLoadsNothingFromElsewhere() throws Exception {
        HttpResponse<String> redirect = get(hub.uri().resolve("/docs"));
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/docs/"));

        URI page = hub.uri().resolve("/docs/");
        HttpResponse<String> html = get(page);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(html.body()).doesNotContain("https://").doesNotContain("http://");

        List<String> references = attributes(html.body(), "src", "href");
        assertThat(references).contains("./swagger-ui-bundle.js", "./swagger-ui.css", "./swagger-initializer.js");
        for (String reference : references) {
            assertThat(reference).as("a file of the hub's own").doesNotStartWith("//").doesNotContain(":");
            HttpResponse<String> file = get(page.resolve(reference));
            assertThat(file.statusCode()).as(reference).isEqualTo(200);
            assertThat(file.body()).as(reference).isNotEmpty();
        }

        // the initializer is the hub's own: it loads the hub's document, and asks no online validator
        String initializer = get(page.resolve("./swagger-initializer.js")).body();
        assertThat(initializer).doesNotContain("https://").doesNotContain("http://").contains("validatorUrl: null");
        Matcher url = Pattern.compile("url: \"([^\"]+)\"").matcher(initializer);
        assertThat(url.find()).as("the initializer names the document's URL").isTrue();
        HttpResponse<String> loaded = get(page.resolve(url.group(1)));
        assertThat(loaded.statusCode()).isEqualTo(200);
        assertThat(loaded.request().uri().getPath()).isEqualTo("/api/v1/openapi.yaml");
    }

    @Test
    void everyProblemTypeTheCodeUsesIsListedUnderItsStatus() throws IOException {
        Map<String, Set<Integer>> used = problemTypesInSource();
        assertThat(used).as("problem types found in the source").containsKeys("invalid-metadata", "not-found",
                "forbidden", "unauthenticated", "internal-error", "busy");
        Set<String> types = used.keySet().stream().map(slug -> Problem.TYPE_PREFIX + slug)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(document.problemTypes())).as("the ProblemType enum").isEqualTo(types);

        List<OpenApiDocument.ProblemAnswer> answers = document.problemAnswers();
        for (OpenApiDocument.ProblemAnswer answer : answers) {
            assertThat(answer.exampleStatus()).as(answer.type() + " under " + answer.status() + " of "
                    + answer.operation()).isEqualTo(answer.status());
        }
        List<String> unlisted = new ArrayList<>();
        used.forEach((slug, statuses) -> statuses.forEach(status -> {
            if (answers.stream().noneMatch(a -> a.status() == status
                    && a.type().equals(Problem.TYPE_PREFIX + slug))) {
                unlisted.add(status + " " + slug);
            }
        }));
        assertThat(unlisted).as("problem types no operation lists under the status the code gives them").isEmpty();
    }

    @Test
    void theRolesOfTheDocumentAreTheOnesTheHubEnforces() throws Exception {
        MemberIdentity member = hub.identity(A);
        Map<String, String[]> callers = new LinkedHashMap<>();
        callers.put("MEMBER", new String[] {member.username(), member.password()});
        callers.put("OPERATOR", hub.staff("operator"));
        callers.put("SECRETARIAT", hub.staff("secretariat"));
        List<String> wrong = new ArrayList<>();
        for (OpenApiDocument.Operation operation : document.operations()) {
            // placeholders for path parameters name nothing, and no request has a body: nothing changes
            URI uri = hub.uri().resolve(operation.path().replaceAll("\\{[^}]+}", NO_SUCH_ID));
            HttpResponse<String> anonymous = send(operation.method(), uri, null);
            boolean refused = anonymous.statusCode() == 401 && problemType(anonymous).endsWith(":unauthenticated");
            if (document.secured(operation) != refused) {
                wrong.add(operation + " without credentials: " + anonymous.statusCode() + " " + anonymous.body());
            }
            for (Map.Entry<String, String[]> caller : callers.entrySet()) {
                HttpResponse<String> response = send(operation.method(), uri, caller.getValue());
                boolean forbidden = response.statusCode() == 403 && problemType(response).endsWith(":forbidden");
                boolean documented = !document.secured(operation) || document.roles(operation).contains(caller.getKey());
                if (documented == forbidden || response.statusCode() == 401) {
                    wrong.add(operation + " as " + caller.getKey() + " (documented: " + documented + "): "
                            + response.statusCode() + " " + response.body());
                }
            }
        }
        assertThat(wrong).as("operations whose documented roles differ from what the hub lets through").isEmpty();
    }

    /** Each problem slug the main code creates, with the statuses it gives it. */
    private static Map<String, Set<Integer>> problemTypesInSource() throws IOException {
        Path source = Path.of("src/main/java");
        assertThat(source).as("the routes module's source (tests run in the module's directory)").isDirectory();
        Pattern created = Pattern.compile("new Problem\\(\\s*(\\d{3}),\\s*\"([a-z0-9-]+)\"");
        Pattern badRequest = Pattern.compile("Problem\\.badRequest\\(\\s*\"([a-z0-9-]+)\"|[^.\\w]badRequest\\(\\s*\"([a-z0-9-]+)\"");
        Map<String, Set<Integer>> slugs = new java.util.TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path file : files) {
            String text = Files.readString(file);
            Matcher m = created.matcher(text);
            while (m.find()) {
                slugs.computeIfAbsent(m.group(2), s -> new TreeSet<>()).add(Integer.parseInt(m.group(1)));
            }
            Matcher b = badRequest.matcher(text);
            while (b.find()) {
                slugs.computeIfAbsent(b.group(1) != null ? b.group(1) : b.group(2), s -> new TreeSet<>()).add(400);
            }
        }
        return slugs;
    }

    private static HttpResponse<String> send(String method, URI uri, String[] credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
        return credentials == null ? Multipart.send(request, null, null)
                : Multipart.send(request, credentials[0], credentials[1]);
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String problemType(HttpResponse<String> response) throws IOException {
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith(Problem.MEDIA_TYPE)) {
            return "";
        }
        JsonNode body = JSON.readTree(response.body());
        return body.path("type").asString();
    }

    private static List<String> attributes(String html, String... names) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("\\b(?:" + String.join("|", names) + ")=\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    private static String join(String... parts) {
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            if (part == null || part.isBlank()) {
                continue;
            }
            String trimmed = part.replaceAll("^/+|/+$", "");
            if (!trimmed.isEmpty()) {
                path.append('/').append(trimmed);
            }
        }
        return path.toString();
    }
}
