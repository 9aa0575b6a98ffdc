package no.knutepunkt.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import no.knutepunkt.client.MemberIdentity;
import no.knutepunkt.hub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Password guessing against a real hub, over HTTP: failed sign-ins lock the username and the address (429 with
 * Retry-After, the password unchecked) for a time that doubles, on the API and in the console alike; a member
 * system's own address is not locked out by strangers guessing its username; each failure is logged without the
 * password; and an unknown username takes as long as a wrong password. Each test uses its own members and client
 * addresses (X-Forwarded-For, which the hub takes from a proxy on 127.0.0.1 when told to).
 */
class SignInThrottleTest {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    static Path dir;
    static TestHub hub;
    /** Members no other test of this class signs in as. */
    static List<String> others;

    @BeforeAll
    static void start() throws IOException {
        hub = TestHub.embedded(dir, Map.of(
                "knutepunkt.security.sign-in.max-failures", "3",
                "knutepunkt.security.sign-in.lock", "2s",
                "knutepunkt.security.sign-in.max-lock", "4s",
                "server.forward-headers-strategy", "native")).start();
        try (Stream<Path> members = Files.list(dir.resolve("demo").resolve("members"))) {
            others = members.map(p -> p.getFileName().toString())
                    .filter(orgnr -> !List.of(TestHub.A, TestHub.B, TestHub.C, TestHub.D).contains(orgnr))
                    .sorted().toList();
        }
        assertThat(others).hasSizeGreaterThan(22);
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void wrongPasswordsAre401ThenTheUsernameIsLockedWith429EvenForTheRightPasswordUntilTheLockEnds() throws Exception {
        MemberIdentity b = hub.identity(TestHub.B);
        // three addresses, one failure each: the username's count locks, no address's does
        for (String from : List.of("198.51.100.11", "198.51.100.12", "198.51.100.13")) {
            HttpResponse<String> wrong = inbox(from, b.username(), "not-" + b.password());
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("urn:knutepunkt:problem:unauthenticated");
        }
        HttpResponse<String> locked = inbox("198.51.100.14", b.username(), b.password());
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(locked.body()).contains("urn:knutepunkt:problem:too-many-sign-in-failures")
                .contains("\"status\":429");
        assertThat(retryAfter(locked)).isBetween(1L, 2L);
        assertThat(locked.headers().firstValue("WWW-Authenticate")).isEmpty();

        // the address is not locked: another username signs in from it
        MemberIdentity c = hub.identity(TestHub.C);
        assertThat(inbox("198.51.100.14", c.username(), c.password()).statusCode()).isEqualTo(200);
        // and once the lock is over, the right password is let in again
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(inbox("198.51.100.14", b.username(), b.password()).statusCode()).isEqualTo(200));
    }

    @Test
    void anAddressIsLockedForEveryUsernameAndEachLockIsLongerThanTheOneBefore() throws Exception {
        String from = "198.51.100.21";
        for (int i = 1; i <= 3; i++) {
            assertThat(inbox(from, "ghost-" + i, "guess").statusCode()).isEqualTo(401);
        }
        MemberIdentity c = hub.identity(TestHub.C);
        HttpResponse<String> locked = inbox(from, c.username(), c.password());
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(retryAfter(locked)).isBetween(1L, 2L);
        assertThat(inbox("198.51.100.22", c.username(), c.password()).statusCode())
                .as("the same username from another address").isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(inbox(from, c.username(), c.password()).statusCode()).isEqualTo(200));
        for (int i = 4; i <= 6; i++) {
            assertThat(inbox(from, "ghost-" + i, "guess").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> again = inbox(from, "ghost-7", "guess");
        assertThat(again.statusCode()).isEqualTo(429);
        assertThat(retryAfter(again)).as("the second lock: 4 s").isBetween(3L, 4L);
    }

    @Test
    void strangersGuessingAUsernameDoNotLockItOutOfTheAddressItSignedInFrom() throws Exception {
        MemberIdentity d = hub.identity(TestHub.D);
        assertThat(inbox("198.51.100.31", d.username(), d.password()).statusCode()).isEqualTo(200);
        for (String stranger : List.of("203.0.113.1", "203.0.113.2", "203.0.113.3")) {
            assertThat(inbox(stranger, d.username(), "guess").statusCode()).isEqualTo(401);
        }
        assertThat(inbox("198.51.100.32", d.username(), d.password()).statusCode())
                .as("a new address of the locked username").isEqualTo(429);
        assertThat(inbox("198.51.100.31", d.username(), d.password()).statusCode())
                .as("the member system's own address").isEqualTo(200);
    }

    @Test
    void aVerifiedSignInStartsTheUsernamesCountOver() throws Exception {
        MemberIdentity member = hub.identity(others.get(20));
        assertThat(inbox("198.51.100.61", member.username(), "guess").statusCode()).isEqualTo(401);
        assertThat(inbox("198.51.100.62", member.username(), "guess").statusCode()).isEqualTo(401);
        assertThat(inbox("198.51.100.63", member.username(), member.password()).statusCode()).isEqualTo(200);
        assertThat(inbox("198.51.100.64", member.username(), "guess").statusCode()).isEqualTo(401);
        assertThat(inbox("198.51.100.65", member.username(), "guess").statusCode()).isEqualTo(401);
        assertThat(inbox("198.51.100.66", member.username(), member.password()).statusCode())
                .as("two failures since the success, not four").isEqualTo(200);
    }

    @Test
    void theConsoleCountsTowardsTheSameLocksAndSaysSoOnTheSignInPage() throws Exception {
        String from = "198.51.100.41";
        String[] secretariat = hub.staff("secretariat");
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        for (int i = 0; i < 3; i++) {
            assertThat(signIn(browser, from, secretariat[0], "guess-" + i)).endsWith("/login?error");
        }
        String refused = signIn(browser, from, secretariat[0], secretariat[1]);
        assertThat(refused).matches(".*/login\\?locked=[12]");
        HttpResponse<String> page = browser.send(request(from, refused.substring(refused.indexOf("/login")))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("id=\"login-locked\"").contains("Too many failed sign-ins");
        assertThat(api(from, "/api/v1/distributions", secretariat[0], secretariat[1]).statusCode())
                .as("the API from the same address").isEqualTo(429);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(signIn(browser, from, secretariat[0], secretariat[1])).endsWith("/"));
    }

    @Test
    void aFailedSignInIsLoggedWithUsernameAddressAndPathButNeverThePassword() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        String password = "Pa55-never-in-the-log";
        try {
            assertThat(api("198.51.100.51", "/api/v1/members", "ghost\nINFO forged line", password).statusCode())
                    .isEqualTo(401);
        } finally {
            root.detachAppender(appender);
        }
        List<ILoggingEvent> failures = appender.list.stream()
                .filter(e -> e.getLoggerName().equals(SignInGuard.class.getName())).toList();
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(failures.get(0).getFormattedMessage()).contains("'ghost?INFO forged line'")
                .contains("198.51.100.51").contains("/api/v1/members").doesNotContain("\n");
        assertThat(appender.list).allSatisfy(e -> {
            assertThat(e.getFormattedMessage()).doesNotContain(password);
            assertThat(Arrays.deepToString(e.getArgumentArray())).doesNotContain(password);
        });
    }

    @Test
    void anUnknownUsernameTakesAboutAsLongAsAWrongPasswordOfAKnownOne() throws Exception {
        // one try per member and two per address: nothing gets locked
        long[] known = new long[20];
        long[] unknown = new long[20];
        inbox("198.51.101.99", others.get(21), "warm-up");
        for (int i = 0; i < 20; i++) {
            String from = "198.51.101." + i;
            unknown[i] = timed(from, "ghost-timing-" + i);
            known[i] = timed(from, others.get(i));
        }
        long k = median(known);
        long u = median(unknown);
        assertThat(u).as("median unknown %d ms, known %d ms", u / 1_000_000, k / 1_000_000)
                .isLessThan(3 * k).isGreaterThan(k / 3);
    }

    private static long timed(String from, String username) throws Exception {
        long start = System.nanoTime();
        assertThat(inbox(from, username, "guess").statusCode()).isEqualTo(401);
        return System.nanoTime() - start;
    }

    private static long median(long[] times) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static HttpResponse<String> inbox(String from, String username, String password) throws Exception {
        return api(from, "/api/v1/inbox", username, password);
    }

    private static HttpResponse<String> api(String from, String path, String username, String password)
            throws Exception {
        String basic = java.util.Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        return HTTP.send(request(from, path).header("Authorization", "Basic " + basic).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String from, String path) {
        return HttpRequest.newBuilder(hub.uri().resolve(path)).header("X-Forwarded-For", from);
    }

    private static long retryAfter(HttpResponse<String> response) {
        return Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
    }

    /** Signs in through the form from {@code from}; returns where the browser is sent. */
    private static String signIn(HttpClient browser, String from, String username, String password) throws Exception {
        HttpResponse<String> page = browser.send(request(from, "/login").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as("a CSRF token in the sign-in page").isTrue();
        String body = Map.of("username", username, "password", password, "_csrf", csrf.group(1)).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> answer = browser.send(request(from, "/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(302);
        return answer.headers().firstValue("Location").orElseThrow();
    }
}
