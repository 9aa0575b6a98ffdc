package no.knutepunkt.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.knutepunkt.platform.crypto.CmsEnvelope;
import no.knutepunkt.platform.crypto.CmsSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadTest extends StandInHubTest {
    static final String ID = "0b7c3c4e-1111-4a0e-9d59-2f1b3c0d0001";
    static final byte[] PAYLOAD = "<arkivmelding>hei</arkivmelding>".getBytes(StandardCharsets.UTF_8);
    @TempDir
    Path work;

    @Test
    void downloadsDecryptsChecksTheSenderAndWritesThePayload() throws IOException {
        serve(TestMembers.BERGEN, TestMembers.BERGEN);
        Path out = work.resolve("received.xml");

        Cli.Result result = download("--out", out.toString());

        assertThat(result.err()).isEmpty();
        assertThat(result.code()).isZero();
        assertThat(out).hasBinaryContent(PAYLOAD);
        assertThat(result.out()).isEqualTo("verified: signed by " + TestMembers.BERGEN + "; " + PAYLOAD.length
                + " bytes of no.knutepunkt.v1.fil written to " + out + "\n");
        assertThat(hub.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo("/api/v1/inbox/" + ID);
            assertThat(r.header("Authorization")).startsWith("Basic ");
        });
    }

    @Test
    void forceOverwritesAnExistingFile() throws IOException {
        serve(TestMembers.BERGEN, TestMembers.BERGEN);
        Path out = Files.writeString(work.resolve("received.xml"), "old");

        assertThat(download("--out", out.toString(), "--force").code()).isZero();
        assertThat(out).hasBinaryContent(PAYLOAD);
    }

    @Test
    void anExistingFileIsRefusedBeforeAnyRequest() throws IOException {
        Path out = Files.writeString(work.resolve("received.xml"), "old");

        assertRefusedBeforeAnyRequest(download("--out", out.toString()),
                "--out " + out + " exists (--force overwrites it)");
        assertThat(out).hasContent("old");
    }

    @Test
    void aMissingDirectoryIsRefusedBeforeAnyRequest() {
        Path out = work.resolve("no-such-dir/received.xml");

        assertRefusedBeforeAnyRequest(download("--out", out.toString()),
                "--out " + out + ": directory " + work.resolve("no-such-dir") + " does not exist");
    }

    @Test
    void aDirectoryIsRefusedBeforeAnyRequest() {
        assertRefusedBeforeAnyRequest(download("--out", work.toString(), "--force"),
                "--out " + work + " is a directory");
    }

    @Test
    void aPayloadSignedBySomeoneElseIsNotWritten() throws IOException {
        serve(TestMembers.KINN, TestMembers.BERGEN);
        Path out = work.resolve("received.xml");

        Cli.Result result = download("--out", out.toString());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("failed: signed by ").contains("not by " + TestMembers.BERGEN)
                .hasLineCount(1);
        assertThat(out).doesNotExist();
    }

    /** The hub's answer: a payload signed by {@code signer}, said to come from {@code avsender}, for Kinn. */
    private void serve(String signer, String avsender) throws IOException {
        MemberIdentity from = members.identity(signer);
        byte[] signed = new CmsSigner(from.key(), from.certificate()).sign(PAYLOAD);
        byte[] enveloped = new CmsEnvelope().encrypt(signed, members.identity(TestMembers.KINN).certificate());
        hub.answer("GET", "/api/v1/inbox/" + ID, new StandInHub.Answer(200, Map.of(
                "Content-Type", "application/pkcs7-mime", "Knutepunkt-Avsender", avsender,
                "Knutepunkt-Melding-Type", "no.knutepunkt.v1.fil"), enveloped));
    }

    private Cli.Result download(String... options) {
        List<String> args = new ArrayList<>(List.of("--as", members.dir(TestMembers.KINN).toString(),
                "--hub", hub.url(), "download", ID));
        args.addAll(List.of(options));
        return Cli.run(args.toArray(String[]::new));
    }

    private void assertRefusedBeforeAnyRequest(Cli.Result result, String line) {
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).isEqualTo(line + "\n");
        assertThat(hub.requests()).isEmpty();
    }
}
