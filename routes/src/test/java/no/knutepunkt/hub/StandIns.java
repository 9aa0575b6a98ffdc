package no.knutepunkt.hub;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/** WireMock stand-ins for the systems outside the hub, on 127.0.0.1 and a free port, started. */
public final class StandIns {
    /** Where a Fiks IO push arrives. */
    public static final String FIKS_IO_SEND = "/fiks-io/api/v1/send";

    private StandIns() {
    }

    /** A stand-in with no stubs yet. */
    public static WireMockServer started() {
        return started(WireMockConfiguration.options());
    }

    /** A stand-in with {@code threads} threads for many pushes at once. */
    public static WireMockServer started(int threads) {
        return started(WireMockConfiguration.options().containerThreads(threads));
    }

    /** A member system's Fiks IO endpoint that takes every push (200). */
    public static WireMockServer fiksIoReceiver() {
        WireMockServer server = started();
        server.stubFor(post(urlEqualTo(FIKS_IO_SEND)).willReturn(aResponse().withStatus(200)));
        return server;
    }

    private static WireMockServer started(WireMockConfiguration options) {
        WireMockServer server = new WireMockServer(options.bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return server;
    }
}
