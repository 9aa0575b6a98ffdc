package no.knutepunkt.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's main in a process of its own, as a shell starts it: the real environment and exit code. */
class MainProcessTest {
    @TempDir
    Path dir;

    @Test
    void mainTakesTheHubFromKnutepunktHubAndExitsWithTheCommandsCode() throws Exception {
        TestMembers members = TestMembers.under(dir);
        try (StandInHub hub = new StandInHub().answer("GET", "/api/v1/inbox", StandInHub.Answer.json(200, "[]"))) {
            Finished ok = client(hub.url(), "--as", members.dir(TestMembers.KINN).toString(), "inbox");
            Finished refused = client(hub.url(), "--as", members.dir(TestMembers.KINN).toString(), "ack", "m-1");

            assertThat(ok.code()).isZero();
            assertThat(ok.out().strip()).isEqualTo("[ ]");
            assertThat(refused.code()).isEqualTo(1);
            assertThat(refused.err()).startsWith("refused by the hub: HTTP 404").hasLineCount(1);
            assertThat(hub.requests()).extracting(StandInHub.Request::path)
                    .containsExactly("/api/v1/inbox", "/api/v1/inbox/m-1");
        }
    }

    private record Finished(int code, String out, String err) {
    }

    private static Finished client(String hubVariable, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        builder.environment().put(KnutepunktCli.HUB_VARIABLE, hubVariable);
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the client finished").isTrue();
        return new Finished(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static List<String> command(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KnutepunktCli.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
