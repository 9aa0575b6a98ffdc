package no.knutepunkt.connectors.fiksio;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import no.knutepunkt.connectors.Delivery;
import no.knutepunkt.connectors.DeliveryException;
import no.knutepunkt.connectors.Payload;
import no.knutepunkt.connectors.StandIns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FiksIoClientTest {
    static final String SEND = "/fiks-io/api/v1/send";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static WireMockServer server;
    static URI endpoint;

    final FiksIoClient client = new FiksIoClient(Duration.ofSeconds(2), Duration.ofSeconds(5));

    @BeforeAll
    static void start() {
        server = StandIns.started();
        endpoint = URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    static byte[] payload() {
        // binary, with CR LF and dashes that a careless multipart writer or reader would trip over
        byte[] bytes = new byte[4096];
        new Random(11).nextBytes(bytes);
        byte[] tricky = "\r\n--knutepunkt-\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tricky, 0, bytes, 100, tricky.length);
        return bytes;
    }

    static Delivery delivery(byte[] payload, Optional<String> korrelasjon, Optional<String> svarPa, String filnavn) {
        return new Delivery("6f1c2f1e-7d3a-4b8e-9a51-0c2d6a1b9e01", "994631004", "994633007", "no.ks.fiks.arkiv.v1.arkivering.arkivmelding",
                "klient-42", korrelasjon, svarPa, 86_400_000L, filnavn, Optional.of(endpoint), Payload.of(payload),
                Payload.of(new byte[0]));
    }

    static Delivery delivery(byte[] payload) {
        return delivery(payload, Optional.empty(), Optional.empty(), "payload.p7m");
    }

    @Test
    void aTwoHundredAnswerSucceedsWithAMultipartPost() throws Exception {
        server.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(200)));
        byte[] payload = payload();

        client.send(endpoint, delivery(payload));

        server.verify(1, postRequestedFor(urlEqualTo(SEND))
                .withHeader("Content-Type", containing("multipart/form-data; boundary="))
                .withRequestBodyPart(aMultipart("metadata")
                        .withHeader("Content-Type", containing("application/json"))
                        .withBody(equalToJson("{\"meldingId\":\"6f1c2f1e-7d3a-4b8e-9a51-0c2d6a1b9e01\","
                                + "\"avsender\":\"994631004\",\"mottaker\":\"994633007\","
                                + "\"meldingType\":\"no.ks.fiks.arkiv.v1.arkivering.arkivmelding\"}", false, true))
                        .build())
                .withRequestBodyPart(aMultipart("data")
                        .withFileName("payload.p7m")
                        .withBody(binaryEqualTo(payload))
                        .build()));
    }

    @Test
    void theRequestCarriesTheMetadataAndTheExactPayloadBytes() throws Exception {
        server.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(202)));
        byte[] payload = payload();

        client.send(endpoint, delivery(payload));

        List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo(SEND)));
        assertThat(requests).hasSize(1);
        LoggedRequest request = requests.get(0);
        assertThat(request.getMethod().getName()).isEqualTo("POST");
        assertThat(request.isMultipart()).isTrue();
        assertThat(request.getParts()).extracting(Request.Part::getName).containsExactly("metadata", "data");

        JsonNode metadata = JSON.readTree(request.getPart("metadata").getBody().asBytes());
        assertThat(metadata.get("meldingId").asString()).isEqualTo("6f1c2f1e-7d3a-4b8e-9a51-0c2d6a1b9e01");
        assertThat(metadata.get("avsender").asString()).isEqualTo("994631004");
        assertThat(metadata.get("mottaker").asString()).isEqualTo("994633007");
        assertThat(metadata.get("meldingType").asString()).isEqualTo("no.ks.fiks.arkiv.v1.arkivering.arkivmelding");
        assertThat(metadata.get("klientMeldingId").asString()).isEqualTo("klient-42");
        assertThat(metadata.get("ttl").asLong()).isEqualTo(86_400_000L);
        assertThat(metadata.get("filnavn").asString()).isEqualTo("payload.p7m");
        assertThat(metadata.get("resendt").asBoolean()).isFalse();
        assertThat(metadata.has("klientKorrelasjonsId")).isFalse();
        assertThat(metadata.has("svarPaMelding")).isFalse();

        Request.Part data = request.getPart("data");
        assertThat(data.getBody().asBytes()).isEqualTo(payload);
        assertThat(data.getFileName()).isEqualTo("payload.p7m");
        assertThat(data.getHeader("Content-Type").firstValue()).startsWith("application/pkcs7-mime");
        assertThat(indexOf(request.getBody(), payload)).isGreaterThan(0);
    }

    @Test
    void optionalMetadataIsSentWhenPresent() throws Exception {
        server.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(200)));

        client.send(endpoint, delivery(payload(), Optional.of("korr-1"), Optional.of("svar-2"), "a.p7m"));

        LoggedRequest request = server.findAll(postRequestedFor(urlEqualTo(SEND))).get(0);
        JsonNode metadata = JSON.readTree(request.getPart("metadata").getBody().asBytes());
        assertThat(metadata.get("klientKorrelasjonsId").asString()).isEqualTo("korr-1");
        assertThat(metadata.get("svarPaMelding").asString()).isEqualTo("svar-2");
    }

    @Test
    void aFileNameCannotBreakOutOfTheContentDispositionHeader() throws Exception {
        server.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(200)));

        client.send(endpoint, delivery(payload(), Optional.empty(), Optional.empty(), "a\"b\r\nX-Evil: 1.p7m"));

        LoggedRequest request = server.findAll(postRequestedFor(urlEqualTo(SEND))).get(0);
        Request.Part data = request.getPart("data");
        assertThat(data).isNotNull();
        assertThat(data.getFileName()).isEqualTo("abX-Evil: 1.p7m");
        assertThat(data.getHeaders().getHeader("X-Evil").isPresent()).isFalse();
        assertThat(data.getBody().asBytes()).isEqualTo(payload());
    }

    @Test
    void anEndpointWithATrailingSlashOrAPathPrefixIsJoinedCleanly() throws Exception {
        server.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(200)));
        server.stubFor(post(urlEqualTo("/kommune/arkiv" + SEND)).willReturn(aResponse().withStatus(200)));

        client.send(URI.create(endpoint + "/"), delivery(payload()));
        client.send(URI.create(endpoint + "/kommune/arkiv/"), delivery(payload()));

        server.verify(1, postRequestedFor(urlEqualTo(SEND)));
        server.verify(1, postRequestedFor(urlEqualTo("/kommune/arkiv" + SEND)));
    }

    @Test
    void thePayloadIsMadeOncePerSend() throws Exception {
        server.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(200)));
        AtomicInteger made = new AtomicInteger();
        byte[] payload = payload();
        Delivery d = new Delivery("m", "994631004", "994633007", "t", "k", Optional.empty(), Optional.empty(), 1000L,
                "f.p7m", Optional.of(endpoint), () -> {
                    made.incrementAndGet();
                    return new java.io.ByteArrayInputStream(payload);
                }, Payload.of(new byte[0]));

        client.send(endpoint, d);

        assertThat(made).hasValue(1);
    }

    @Test
    void a503IsTransient() {
        server.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(503).withBody("vedlikehald")));

        DeliveryException e = assertThrows(DeliveryException.class, () -> client.send(endpoint, delivery(payload())));

        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).contains("503").contains("vedlikehald").contains(SEND);
        server.verify(1, postRequestedFor(urlEqualTo(SEND)));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 504, 408, 429})
    void otherRetryableStatusesAreTransient(int status) {
        server.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(status)));

        DeliveryException e = assertThrows(DeliveryException.class, () -> client.send(endpoint, delivery(payload())));

        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).contains(String.valueOf(status));
    }

    @Test
    void a400IsPermanent() {
        server.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(400).withBody("ugyldig metadata")));

        DeliveryException e = assertThrows(DeliveryException.class, () -> client.send(endpoint, delivery(payload())));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("400").contains("ugyldig metadata");
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 404, 409, 413, 422})
    void otherClientErrorsArePermanent(int status) {
        server.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(status)));

        DeliveryException e = assertThrows(DeliveryException.class, () -> client.send(endpoint, delivery(payload())));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains(String.valueOf(status));
    }

    @Test
    void aLongErrorBodyIsAbbreviated() {
        String body = "x".repeat(1000);
        server.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(400).withBody(body)));

        DeliveryException e = assertThrows(DeliveryException.class, () -> client.send(endpoint, delivery(payload())));

        assertThat(e.getMessage()).contains("x".repeat(300)).doesNotContain("x".repeat(301));
    }

    @Test
    void noAnswerWithinTheRequestTimeoutIsTransient() {
        server.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(200).withFixedDelay(2000)));
        FiksIoClient impatient = new FiksIoClient(Duration.ofSeconds(1), Duration.ofMillis(300));

        long start = System.nanoTime();
        DeliveryException e = assertThrows(DeliveryException.class, () -> impatient.send(endpoint, delivery(payload())));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertThat(e.isTransient()).isTrue();
        assertThat(e.getCause()).isInstanceOf(java.net.http.HttpTimeoutException.class);
        assertThat(millis).isLessThan(1900);
    }

    @Test
    void aClosedPortIsTransient() {
        WireMockServer gone = StandIns.started();
        int port = gone.port();
        gone.stop();
        URI closed = URI.create("http://127.0.0.1:" + port);

        DeliveryException e = assertThrows(DeliveryException.class, () -> client.send(closed, delivery(payload())));

        assertThat(e.isTransient()).isTrue();
        assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
        assertThat(e.getMessage()).contains(String.valueOf(port));
    }

    @Test
    void metadataIsJson() throws Exception {
        JsonNode node = JSON.readTree(FiksIoClient.metadata(delivery(new byte[0], Optional.of("k\"ø"), Optional.empty(),
                "fil \"1\".p7m")));
        assertThat(node.get("klientKorrelasjonsId").asString()).isEqualTo("k\"ø");
        assertThat(node.get("filnavn").asString()).isEqualTo("fil \"1\".p7m");
        assertThat(node.has("svarPaMelding")).isFalse();
    }

    static int indexOf(byte[] haystack, byte[] needle) {
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
