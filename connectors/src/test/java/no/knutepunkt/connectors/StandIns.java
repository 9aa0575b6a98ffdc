package no.knutepunkt.connectors;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;

/** WireMock stand-ins for the systems the connectors reach: 127.0.0.1, a free port, quiet, started. */
public final class StandIns {
    private StandIns() {
    }

    public static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
                .notifier(new ConsoleNotifier(false)));
        server.start();
        return server;
    }
}
