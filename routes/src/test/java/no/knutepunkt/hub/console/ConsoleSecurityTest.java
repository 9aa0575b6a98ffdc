package no.knutepunkt.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import no.knutepunkt.client.MemberIdentity;
import no.knutepunkt.hub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's sign-in over plain HTTP, as a browser would do it and as an attacker would try: a session only for
 * staff, CSRF tokens on every form, roles kept apart, and the API left as it was (HTTP Basic, no session).
 */
class ConsoleSecurityTest {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    @TempDir
    static Path dir;
    static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.embedded(dir, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void aPageWithoutASessionSendsTheBrowserToTheSignInPage() throws Exception {
        HttpResponse<String> page = browser().send(get("/console/operator/overview"), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }

    @Test
    void staffSignInWithTheirCredentialsAndSeeTheirRolesPagesOnly() throws Exception {
        HttpClient operator = browser();
        String[] credentials = hub.staff("operator");
        assertThat(signIn(operator, credentials[0], credentials[1])).endsWith("/");
        HttpResponse<String> home = operator.send(get("/"), HttpResponse.BodyHandlers.ofString());
        assertThat(home.headers().firstValue("Location").orElseThrow()).endsWith("/console/operator/overview");
        HttpResponse<String> overview = operator.send(get("/console/operator/overview"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("Messages per minute").contains(credentials[0] + " (operator)");
        assertThat(overview.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'");
        assertThat(operator.send(get("/console/secretariat/distributions"), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(403);

        // signing out ends the session
        String token = csrf(overview.body());
        HttpResponse<String> out = operator.send(form("/logout", Map.of("_csrf", token)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(out.headers().firstValue("Location").orElseThrow()).endsWith("/login?logout");
        assertThat(operator.send(get("/console/operator/overview"), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(302);
    }

    @Test
    void aMemberSystemsCredentialsAndWrongPasswordsAreRefused() throws Exception {
        MemberIdentity member = hub.identity(TestHub.A);
        assertThat(signIn(browser(), member.username(), member.password())).endsWith("/login?member");
        assertThat(signIn(browser(), "operator", "not-the-password")).endsWith("/login?error");
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefused() throws Exception {
        HttpClient operator = browser();
        String[] credentials = hub.staff("operator");
        signIn(operator, credentials[0], credentials[1]);
        HttpResponse<String> retry = operator.send(form("/console/operator/dead-letters/1/retry", Map.of()),
                HttpResponse.BodyHandlers.ofString());
        assertThat(retry.statusCode()).isEqualTo(403);
        // and a sign-in without the sign-in page's token too
        HttpResponse<String> login = browser().send(form("/login", Map.of("username", credentials[0],
                "password", credentials[1])), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(403);
    }

    @Test
    void theApiKeepsHttpBasicWithoutASession() throws Exception {
        MemberIdentity member = hub.identity(TestHub.A);
        String basic = Base64.getEncoder().encodeToString((member.username() + ":" + member.password())
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> inbox = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/api/v1/inbox"))
                .header("Authorization", "Basic " + basic).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(inbox.statusCode()).isEqualTo(200);
        assertThat(inbox.headers().allValues("Set-Cookie")).isEmpty();
        // and the console's session does not open the API
        HttpClient operator = browser();
        String[] credentials = hub.staff("operator");
        signIn(operator, credentials[0], credentials[1]);
        assertThat(operator.send(get("/api/v1/dead-letters"), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void staffActionsSignInsAndRefusalsGoIntoTheAuditTrailAndMembersActionsDoNot() throws Exception {
        String[] operator = hub.staff("operator");
        HttpClient console = browser();
        signIn(console, operator[0], operator[1]);
        signIn(browser(), "intruder", "guess");
        HttpResponse<String> retry = console.send(form("/console/operator/dead-letters/999999/retry",
                Map.of("_csrf", csrf(console.send(get("/console/operator/dead-letters"),
                        HttpResponse.BodyHandlers.ofString()).body()))), HttpResponse.BodyHandlers.ofString());
        assertThat(retry.statusCode()).isEqualTo(302);
        HttpResponse<String> apiRetry = api(operator, HttpRequest.newBuilder(uri("/api/v1/dead-letters/999998/retry"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(apiRetry.statusCode()).isEqualTo(404);
        MemberIdentity member = hub.identity(TestHub.A);
        api(new String[] {member.username(), member.password()},
                HttpRequest.newBuilder(uri("/api/v1/dead-letters/1/retry")).POST(HttpRequest.BodyPublishers.noBody()));

        HttpResponse<String> trail = api(operator, HttpRequest.newBuilder(uri("/api/v1/audit?limit=50")).GET());
        assertThat(trail.statusCode()).isEqualTo(200);
        assertThat(trail.body())
                .contains("\"actor\":\"" + operator[0] + "\",\"role\":\"OPERATOR\",\"action\":\"sign in\"")
                .contains("\"actor\":\"intruder\"")
                .contains("\"action\":\"POST /console/operator/dead-letters/999999/retry\"")
                .contains("\"action\":\"POST /api/v1/dead-letters/999998/retry\",\"outcome\":\"refused\","
                        + "\"status\":404,\"channel\":\"api\"")
                .doesNotContain(member.username());
        HttpResponse<String> refused = api(operator, HttpRequest.newBuilder(uri("/api/v1/audit?outcome=refused"))
                .GET());
        assertThat(refused.body()).contains("999998").doesNotContain("\"outcome\":\"done\"");
        HttpResponse<String> bad = api(operator, HttpRequest.newBuilder(uri("/api/v1/audit?outcome=maybe")).GET());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("invalid-parameter").contains("\"field\":\"outcome\"");
        assertThat(api(new String[] {member.username(), member.password()},
                HttpRequest.newBuilder(uri("/api/v1/audit")).GET()).statusCode()).isEqualTo(403);
    }

    private static HttpResponse<String> api(String[] credentials, HttpRequest.Builder request) throws Exception {
        String basic = Base64.getEncoder().encodeToString((credentials[0] + ":" + credentials[1])
                .getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(request.header("Authorization", "Basic " + basic).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in through the form, with the token of the sign-in page; returns where the browser is sent. */
    private static String signIn(HttpClient browser, String username, String password) throws Exception {
        HttpResponse<String> page = browser.send(get("/login"), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        HttpResponse<String> answer = browser.send(form("/login", Map.of("username", username, "password", password,
                "_csrf", csrf(page.body()))), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(302);
        return answer.headers().firstValue("Location").orElseThrow();
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a CSRF token in the page").isTrue();
        return m.group(1);
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET().build();
    }

    private static HttpRequest form(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static URI uri(String path) {
        return hub.uri().resolve(path);
    }
}
