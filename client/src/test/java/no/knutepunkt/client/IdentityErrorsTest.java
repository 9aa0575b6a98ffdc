package no.knutepunkt.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A missing or unusable identity directory or CA file: one line naming it, exit code 2, nothing sent. */
class IdentityErrorsTest extends StandInHubTest {
    @TempDir
    Path elsewhere;

    @BeforeEach
    void answerTheInbox() {
        hub.answer("GET", "/api/v1/inbox", StandInHub.Answer.json(200, "[]"));
    }

    @Test
    void aMissingIdentityDirectory() {
        Path missing = dir.resolve("demo/members/999999999");

        assertUsageError(inbox(missing.toString()), "identity directory " + missing + " does not exist");
    }

    @Test
    void anIdentityDirectoryThatIsAFile() {
        Path file = members.dir(TestMembers.BERGEN).resolve("cert.pem");

        assertUsageError(inbox(file.toString()), "identity directory " + file + " is not a directory");
    }

    @Test
    void anIdentityDirectoryWithoutItsKey() throws IOException {
        Path copy = copyOf(members.dir(TestMembers.BERGEN), "credentials.properties", "cert.pem");

        assertUsageError(inbox(copy.toString(), "--ca", members.ca().toString()),
                "private key " + copy.resolve("key.pem") + " does not exist");
    }

    @Test
    void anIdentityDirectoryWithoutCredentials() throws IOException {
        Path copy = copyOf(members.dir(TestMembers.BERGEN), "key.pem", "cert.pem");

        assertUsageError(inbox(copy.toString(), "--ca", members.ca().toString()),
                "credentials file " + copy.resolve("credentials.properties") + " does not exist");
    }

    @Test
    void aCertificateFileWithoutACertificate() throws IOException {
        Path copy = copyOf(members.dir(TestMembers.BERGEN), "credentials.properties", "key.pem");
        Files.writeString(copy.resolve("cert.pem"), "not a certificate\n");

        assertUsageError(inbox(copy.toString(), "--ca", members.ca().toString()),
                copy.resolve("cert.pem") + " holds no PEM object");
    }

    @Test
    void aMissingCaFile() {
        Path missing = dir.resolve("no-ca.pem");

        assertUsageError(inbox(members.dir(TestMembers.BERGEN).toString(), "--ca", missing.toString()),
                "CA file " + missing + " does not exist");
    }

    @Test
    void theDefaultCaTwoLevelsAboveTheIdentityIsMissing() throws IOException {
        Path copy = copyOf(members.dir(TestMembers.BERGEN), "credentials.properties", "key.pem", "cert.pem");

        assertUsageError(inbox(copy.toString()),
                "CA file " + copy.toAbsolutePath().getParent().getParent().resolve("ca.pem") + " does not exist");
    }

    @Test
    void theDemoLayoutNeedsNoCa() {
        assertThat(inbox(members.dir(TestMembers.BERGEN).toString()).code()).isZero();
    }

    private Cli.Result inbox(String identity, String... more) {
        List<String> args = new ArrayList<>(List.of("--as", identity, "--hub", hub.url()));
        args.addAll(List.of(more));
        args.add("inbox");
        return Cli.run(args.toArray(String[]::new));
    }

    private void assertUsageError(Cli.Result result, String line) {
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo(line + "\n");
        assertThat(hub.requests()).isEmpty();
    }

    private Path copyOf(Path member, String... files) throws IOException {
        Path copy = Files.createDirectories(elsewhere.resolve("a/b/member"));
        for (String file : files) {
            Files.copy(member.resolve(file), copy.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }
}
