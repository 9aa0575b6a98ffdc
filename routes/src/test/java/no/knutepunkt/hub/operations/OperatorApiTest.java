package no.knutepunkt.hub.operations;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.B;
import static no.knutepunkt.hub.TestHub.C;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
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
import no.knutepunkt.hub.StandIns;
import no.knutepunkt.hub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What operators watch and do, on a real hub (embedded broker, PostgreSQL): the Prometheus scrape with the hub's
 * meters moving as messages pass, the routes with their counters, a connector's delivery route suspended (its queue
 * grows, its deliveries stay QUEUED) and resumed (the queue drains, the deliveries are DELIVERED), and the refusals
 * of this API.
 */
class OperatorApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIL = "no.knutepunkt.v1.fil";
    private static final String FIKSIO_QUEUE = "knutepunkt.deliver.fiksio";
    @TempDir
    static Path dir;
    static WireMockServer fiksio;
    static TestHub hub;

    @BeforeAll
    static void start() {
        fiksio = StandIns.fiksIoReceiver();
        hub = TestHub.postgres(dir, Map.of(
                "knutepunkt.routing." + C + ".connector", "fiksio",
                "knutepunkt.routing." + C + ".endpoint", fiksio.baseUrl(),
                "knutepunkt.operations.gauge-cache", "100ms")).start();
    }

    @AfterAll
    static void stop() {
        hub.close();
        hub.dropSchema();
        fiksio.stop();
    }

    @Test
    void theScrapeShowsDeliveriesAndTheirLatencyMoveAsAMessageIsDelivered() throws Exception {
        Map<String, String> delivered = Map.of("connector", "fiksio", "type", FIL, "outcome", "delivered");
        Map<String, String> fiksioLatency = Map.of("connector", "fiksio");
        Scrape before = scrape();
        assertThat(before.has("knutepunkt_queue_depth", Map.of("queue", FIKSIO_QUEUE))).as(before.text()).isTrue();
        assertThat(before.has("knutepunkt_queue_depth", Map.of("queue", "knutepunkt.dead-letter"))).isTrue();
        assertThat(before.has("knutepunkt_dead_letters", Map.of())).isTrue();
        assertThat(before.has("knutepunkt_deliveries_backlog", Map.of())).isTrue();

        String meldingId = send(C, "metrics-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(status(meldingId)));

        Scrape after = await().atMost(Duration.ofSeconds(10)).until(OperatorApiTest::scrape,
                s -> s.value("knutepunkt_deliveries_total", delivered)
                        == before.value("knutepunkt_deliveries_total", delivered) + 1);
        assertThat(after.value("knutepunkt_delivery_latency_seconds_count", fiksioLatency))
                .isEqualTo(before.value("knutepunkt_delivery_latency_seconds_count", fiksioLatency) + 1);
        assertThat(after.value("knutepunkt_delivery_latency_seconds_bucket", Map.of("connector", "fiksio", "le", "+Inf")))
                .isEqualTo(after.value("knutepunkt_delivery_latency_seconds_count", fiksioLatency));
        assertThat(after.text().lines().filter(l -> l.startsWith("knutepunkt_delivery_latency_seconds_bucket{")
                && l.contains("connector=\"fiksio\"")).count()).as("histogram buckets").isGreaterThan(10);
        assertThat(after.value("knutepunkt_intake_accepted_total", Map.of("type", FIL)))
                .isEqualTo(before.value("knutepunkt_intake_accepted_total", Map.of("type", FIL)) + 1);
        assertThat(after.value("knutepunkt_route_exchanges_total", Map.of("route", "deliver-fiksio",
                "outcome", "completed"))).isGreaterThanOrEqualTo(1);
        assertThat(after.value("knutepunkt_route_time_seconds_count", Map.of("route", "deliver-fiksio")))
                .isGreaterThanOrEqualTo(1);
        assertThat(after.value("knutepunkt_queue_depth", Map.of("queue", FIKSIO_QUEUE))).isZero();
        // tags never name a message or a member
        assertThat(after.text()).doesNotContain(meldingId).doesNotContain(C).doesNotContain(A);

        // a message to an inbox is counted when it is placed there
        Map<String, String> inbox = Map.of("connector", "inbox", "type", FIL, "outcome", "inbox");
        send(B, "metrics-inbox-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> scrape().value("knutepunkt_deliveries_total", inbox)
                == after.value("knutepunkt_deliveries_total", inbox) + 1);

        // a refusal is counted by its problem type
        Map<String, String> forged = Map.of("problem", "signature-invalid");
        byte[] payload = "<forged/>".getBytes(StandardCharsets.UTF_8);
        byte[] signed = hub.sign(A, payload);
        signed[indexOf(signed, payload) + 1] ^= 0x01;
        assertThatRefused(() -> hub.client(A).send(new HubClient.Send(A, List.of(C), FIL, "metrics-forged", null,
                null, null, "x.xml"), signed));
        assertThat(scrape().value("knutepunkt_intake_refused_total", forged))
                .isEqualTo(after.value("knutepunkt_intake_refused_total", forged) + 1);
    }

    @Test
    void theScrapeIsForOperatorsOnly() throws Exception {
        HttpResponse<String> member = Multipart.get(hub.uri(), "/actuator/prometheus", A, hub.identity(A).password());
        assertThat(member.statusCode()).isEqualTo(403);
        assertThat(problemType(member)).isEqualTo("urn:knutepunkt:problem:forbidden");
        HttpResponse<String> anonymous = Multipart.get(hub.uri(), "/actuator/prometheus", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(problemType(anonymous)).isEqualTo("urn:knutepunkt:problem:unauthenticated");
        HttpResponse<String> operator = operator("GET", "/actuator/prometheus");
        assertThat(operator.statusCode()).isEqualTo(200);
        assertThat(operator.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
    }

    @Test
    void theRoutesAreListedWithTheirStateAndCounters() throws Exception {
        String meldingId = send(C, "routes-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(status(meldingId)));

        HttpResponse<String> response = operator("GET", "/api/v1/routes");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode routes = JSON.readTree(response.body());
        List<String> ids = new ArrayList<>();
        routes.forEach(r -> ids.add(r.path("id").asString()));
        // the REST DSL's verbs run in the routes they call (Camel inlines them): a send counts for intake-rest
        assertThat(ids).isSorted().contains("deliver-inbox", "deliver-fiksio", "dead-letter", "intake-rest",
                "members-list", "routes-list", "expiry").noneMatch(id -> id.startsWith("rest-"));
        JsonNode deliverFiksio = route(routes, "deliver-fiksio");
        assertThat(deliverFiksio.path("state").asString()).isEqualTo("Started");
        assertThat(deliverFiksio.path("suspendable").asBoolean()).isTrue();
        assertThat(deliverFiksio.path("completed").asLong()).isPositive();
        assertThat(deliverFiksio.path("failed").asLong()).isZero();
        assertThat(deliverFiksio.path("inFlight").asLong()).isZero();
        assertThat(deliverFiksio.path("maxMillis").asLong()).isGreaterThanOrEqualTo(
                (long) deliverFiksio.path("meanMillis").asDouble());
        assertThat(deliverFiksio.has("lastError")).isTrue();
        assertThat(deliverFiksio.path("lastError").isNull()).isTrue();
        JsonNode send = route(routes, "intake-rest");
        assertThat(send.path("completed").asLong()).isPositive();
        assertThat(send.path("suspendable").asBoolean()).isFalse();
        assertThat(route(routes, "dead-letter").path("suspendable").asBoolean()).isTrue();

        HttpResponse<String> one = operator("GET", "/api/v1/routes/deliver-fiksio");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(one.body()).path("id").asString()).isEqualTo("deliver-fiksio");
    }

    @Test
    void aSuspendedDeliveryRouteLetsItsQueueGrowAndDrainsItWhenResumed() throws Exception {
        int pushed = fiksio.findAll(postRequestedFor(urlEqualTo(StandIns.FIKS_IO_SEND))).size();
        HttpResponse<String> suspended = operator("POST", "/api/v1/routes/deliver-fiksio/suspend");
        assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);
        assertThat(JSON.readTree(suspended.body()).path("state").asString()).isEqualTo("Suspended");
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                ids.add(send(C, "suspended-" + i));
            }
            JsonNode queue = await().atMost(Duration.ofSeconds(30)).until(() -> queue(FIKSIO_QUEUE),
                    q -> q.path("depth").asLong() == 5);
            assertThat(queue.path("oldestAgeMillis").isNumber()).as(queue.toString()).isTrue();
            assertThat(queue.path("oldestAgeMillis").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(scrape().value("knutepunkt_queue_depth", Map.of("queue", FIKSIO_QUEUE))).isEqualTo(5);
            await().atMost(Duration.ofSeconds(10)).until(() -> scrape().value("knutepunkt_deliveries_backlog",
                    Map.of()) >= 5);
            for (String id : ids) {
                assertThat(status(id)).isEqualTo("QUEUED");
            }
            assertThat(fiksio.findAll(postRequestedFor(urlEqualTo(StandIns.FIKS_IO_SEND)))).hasSize(pushed);
            // suspending again changes nothing
            assertThat(JSON.readTree(operator("POST", "/api/v1/routes/deliver-fiksio/suspend").body())
                    .path("state").asString()).isEqualTo("Suspended");
        } finally {
            HttpResponse<String> resumed = operator("POST", "/api/v1/routes/deliver-fiksio/resume");
            assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
            assertThat(JSON.readTree(resumed.body()).path("state").asString()).isEqualTo("Started");
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> queue(FIKSIO_QUEUE).path("depth").asLong() == 0);
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(status(id)));
        }
        assertThat(queue(FIKSIO_QUEUE).path("oldestAgeMillis").isNull()).isTrue();
        assertThat(fiksio.findAll(postRequestedFor(urlEqualTo(StandIns.FIKS_IO_SEND)))).hasSize(pushed + 5);

        JsonNode queues = JSON.readTree(operator("GET", "/api/v1/queues").body());
        List<String> names = new ArrayList<>();
        queues.forEach(q -> names.add(q.path("name").asString()));
        assertThat(names).isSorted().allMatch(n -> n.startsWith("knutepunkt."))
                .contains("knutepunkt.deliver.inbox", FIKSIO_QUEUE, "knutepunkt.dead-letter");
        assertThat(queue(FIKSIO_QUEUE).path("consumers").asInt()).isPositive();
    }

    @Test
    void anUnknownRouteIsNotFoundAndOnlyQueueConsumersCanBeSuspended() throws Exception {
        for (String[] request : new String[][] {{"GET", "/api/v1/routes/no-such-route"},
                {"POST", "/api/v1/routes/no-such-route/suspend"}, {"POST", "/api/v1/routes/no-such-route/resume"}}) {
            HttpResponse<String> response = operator(request[0], request[1]);
            assertThat(response.statusCode()).as(request[1]).isEqualTo(404);
            assertThat(problemType(response)).isEqualTo("urn:knutepunkt:problem:not-found");
            assertThat(JSON.readTree(response.body()).path("detail").asString()).contains("no-such-route");
        }
        HttpResponse<String> api = operator("POST", "/api/v1/routes/members-list/suspend");
        assertThat(api.statusCode()).isEqualTo(409);
        assertThat(problemType(api)).isEqualTo("urn:knutepunkt:problem:not-suspendable");
        assertThat(hub.camel().getRouteController().getRouteStatus("members-list").isStarted()).isTrue();
        assertThat(operator("POST", "/api/v1/routes/expiry/resume").statusCode()).isEqualTo(409);
    }

    @Test
    void membersAndStrangersCannotUseTheOperatorApi() throws Exception {
        for (String[] request : new String[][] {{"GET", "/api/v1/routes"}, {"GET", "/api/v1/routes/deliver-fiksio"},
                {"POST", "/api/v1/routes/deliver-fiksio/suspend"}, {"POST", "/api/v1/routes/deliver-fiksio/resume"},
                {"GET", "/api/v1/queues"}}) {
            HttpResponse<String> member = request(request[0], request[1], A, hub.identity(A).password());
            assertThat(member.statusCode()).as(request[1]).isEqualTo(403);
            assertThat(problemType(member)).isEqualTo("urn:knutepunkt:problem:forbidden");
            String[] secretariat = hub.staff("secretariat");
            assertThat(request(request[0], request[1], secretariat[0], secretariat[1]).statusCode()).isEqualTo(403);
            HttpResponse<String> anonymous = request(request[0], request[1], null, null);
            assertThat(anonymous.statusCode()).as(request[1]).isEqualTo(401);
            assertThat(problemType(anonymous)).isEqualTo("urn:knutepunkt:problem:unauthenticated");
        }
        assertThat(hub.camel().getRouteController().getRouteStatus("deliver-fiksio").isStarted()).isTrue();
    }

    private static String send(String to, String klientMeldingId) throws Exception {
        return hub.client(A).send(new HubClient.Send(A, List.of(to), FIL, klientMeldingId, null, null, null, "x.xml"),
                hub.sign(A, "<x/>".getBytes(StandardCharsets.UTF_8)));
    }

    private static String status(String meldingId) throws Exception {
        return hub.client(A).status(meldingId).path("deliveries").get(0).path("status").asString();
    }

    private static Scrape scrape() throws Exception {
        HttpResponse<String> response = operator("GET", "/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        return new Scrape(response.body());
    }

    private static JsonNode queue(String name) throws Exception {
        HttpResponse<String> response = operator("GET", "/api/v1/queues");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (JsonNode queue : JSON.readTree(response.body())) {
            if (queue.path("name").asString().equals(name)) {
                return queue;
            }
        }
        throw new AssertionError("no queue " + name + " in " + response.body());
    }

    private static JsonNode route(JsonNode routes, String id) {
        for (JsonNode route : routes) {
            if (route.path("id").asString().equals(id)) {
                return route;
            }
        }
        throw new AssertionError("no route " + id);
    }

    private static HttpResponse<String> operator(String method, String path) throws Exception {
        String[] operator = hub.staff("operator");
        return request(method, path, operator[0], operator[1]);
    }

    private static HttpResponse<String> request(String method, String path, String user, String password)
            throws Exception {
        return Multipart.send(HttpRequest.newBuilder(hub.uri().resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody()), user, password);
    }

    private static String problemType(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        return JSON.readTree(response.body()).path("type").asString();
    }

    private static void assertThatRefused(Refused send) {
        try {
            send.run();
        } catch (HubClient.HubException e) {
            assertThat(e.status()).isEqualTo(400);
            return;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the send was accepted");
    }

    @FunctionalInterface
    private interface Refused {
        void run() throws Exception;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
