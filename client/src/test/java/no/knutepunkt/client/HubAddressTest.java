package no.knutepunkt.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import no.knutepunkt.platform.identity.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HubAddressTest extends StandInHubTest {
    @BeforeEach
    void answerTheInbox() {
        hub.answer("GET", "/api/v1/inbox", StandInHub.Answer.json(200, "[]"));
    }

    @Test
    void withoutHubTheClientUsesKnutepunktHubFromTheEnvironment() {
        Cli.Result result = Cli.run(Map.of("KNUTEPUNKT_HUB", hub.url()), "--as", bergen(), "inbox");

        assertThat(result.err()).isEmpty();
        assertThat(result.code()).isZero();
        assertThat(hub.requests()).extracting(StandInHub.Request::path).containsExactly("/api/v1/inbox");
    }

    @Test
    void hubWinsOverTheEnvironment() throws IOException {
        Cli.Result result = Cli.run(Map.of("KNUTEPUNKT_HUB", "http://127.0.0.1:" + freePort()),
                "--as", bergen(), "--hub", hub.url(), "inbox");

        assertThat(result.code()).isZero();
        assertThat(hub.requests()).hasSize(1);
    }

    @Test
    void theHelpShowsTheHubInUseLocalhostWhenTheEnvironmentNamesNone() {
        assertThat(Cli.run(Map.of(), "--help").out()).contains("here: http://localhost:8080");
        assertThat(Cli.run(Map.of("KNUTEPUNKT_HUB", " "), "inbox", "--help").out())
                .contains("here: http://localhost:8080");
        assertThat(Cli.run(Map.of("KNUTEPUNKT_HUB", hub.url()), "--help").out()).contains("here: " + hub.url());
    }

    @Test
    void aHubThatCannotBeReachedIsOneLineAndExitCode1() throws IOException {
        String nowhere = "http://127.0.0.1:" + freePort();

        Cli.Result result = Cli.run(Map.of("KNUTEPUNKT_HUB", nowhere), "--as", bergen(), "status", "m-1");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("cannot reach " + nowhere
                + ": connection refused (use --hub or KNUTEPUNKT_HUB)\n");
    }

    @Test
    void aHubThatIsNotAnHttpUrlIsAUsageError() {
        Cli.Result result = Cli.run(Map.of("KNUTEPUNKT_HUB", "localhost:8080"), "--as", bergen(), "inbox");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).startsWith("hub URL 'localhost:8080' is not an http:// or https:// URL"
                + " (use --hub or KNUTEPUNKT_HUB)\n");
    }

    @Test
    void theStaffCommandsTakeTheHubFromTheEnvironmentTooAndRefuseOneThatIsNoUrl() {
        hub.answer("GET", "/api/v1/dead-letters", StandInHub.Answer.json(200, "[]"));
        String operator = members.staff(Role.OPERATOR).toString();

        Cli.Result result = Cli.run(Map.of("KNUTEPUNKT_HUB", hub.url()), "dead-letters", "list", "--credentials",
                operator);
        Cli.Result noUrl = Cli.run(Map.of("KNUTEPUNKT_HUB", "localhost:8080"), "dead-letters", "list",
                "--credentials", operator);

        assertThat(result.err()).isEmpty();
        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("no dead letters\n");
        assertThat(hub.requests()).extracting(StandInHub.Request::path).containsExactly("/api/v1/dead-letters");
        assertThat(noUrl.code()).isEqualTo(2);
        assertThat(noUrl.err()).isEqualTo("hub URL 'localhost:8080' is not an http:// or https:// URL"
                + " (use --hub or KNUTEPUNKT_HUB)\nTry 'knutepunkt-client dead-letters list --help' for more"
                + " information.\n");
    }

    private static String bergen() {
        return members.dir(TestMembers.BERGEN).toString();
    }

    /** A port nothing listens on (just let go of). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
