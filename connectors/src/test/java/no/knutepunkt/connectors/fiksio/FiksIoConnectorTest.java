package no.knutepunkt.connectors.fiksio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import no.knutepunkt.connectors.Delivery;
import no.knutepunkt.connectors.DeliveryException;
import no.knutepunkt.connectors.DeliveryResult;
import no.knutepunkt.connectors.Payload;
import no.knutepunkt.connectors.StandIns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FiksIoConnectorTest {
    static WireMockServer server;
    final AtomicInteger payloadsMade = new AtomicInteger();
    final FiksIoConnector connector =
            new FiksIoConnector(new FiksIoClient(Duration.ofSeconds(2), Duration.ofSeconds(5)));

    @BeforeAll
    static void start() {
        server = StandIns.started();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    Delivery delivery(Optional<URI> endpoint) {
        return new Delivery("m-1", "994631004", "994633007", "t", "k-1", Optional.empty(), Optional.empty(), 60_000L,
                "p.p7m", endpoint, () -> {
                    payloadsMade.incrementAndGet();
                    return new java.io.ByteArrayInputStream(new byte[] {1, 2, 3});
                }, Payload.of(new byte[0]));
    }

    @Test
    void hasTheNameUsedInTheRoutingConfiguration() {
        assertThat(connector.name()).isEqualTo("fiksio").isEqualTo(FiksIoConnector.NAME);
    }

    @Test
    void noEndpointIsAPermanentFailure() {
        DeliveryException e = assertThrows(DeliveryException.class, () -> connector.deliver(delivery(Optional.empty())));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("994633007").contains("fiksio").contains("endpoint");
        assertThat(payloadsMade).as("nothing is encrypted for a delivery that cannot be made").hasValue(0);
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void aTwoHundredAnswerIsDelivered() throws Exception {
        server.stubFor(post(urlEqualTo(FiksIoClient.SEND_PATH)).willReturn(aResponse().withStatus(200)));

        DeliveryResult.Outcome outcome = connector.deliver(delivery(Optional.of(URI.create(server.baseUrl())))).outcome();

        assertThat(outcome).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(payloadsMade).hasValue(1);
        server.verify(1, postRequestedFor(urlEqualTo("/fiks-io/api/v1/send")));
    }

    @Test
    void failuresOfTheClientReachTheCaller() {
        server.stubFor(post(urlEqualTo(FiksIoClient.SEND_PATH)).willReturn(aResponse().withStatus(503)));

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector.deliver(delivery(Optional.of(URI.create(server.baseUrl())))));

        assertThat(e.isTransient()).isTrue();
    }
}
