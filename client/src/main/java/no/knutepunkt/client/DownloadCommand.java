package no.knutepunkt.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * download: fetches a message, decrypts it, checks the sender's signature and writes the payload.
 * Where it writes is checked before the hub is asked: a download locks the message in the hub.
 */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Download a message, decrypt it with your key, check the sender's signature against the CA,"
                + " and write the payload to FILE.",
                "FILE is checked first (its directory exists and is writable, it is not a directory, it exists only"
                        + " with --force): a download locks the message in the hub for a while."})
final class DownloadCommand implements Callable<Integer> {
    @ParentCommand
    private KnutepunktCli cli;

    @Parameters(paramLabel = "MELDINGID", description = "the message to download")
    private String meldingId;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "where to write the payload")
    private Path out;

    @Option(names = "--force", description = "overwrite FILE if it exists")
    private boolean force;

    @Override
    public Integer call() throws Exception {
        PathChecks.writableFile(out, force, "--out");
        MemberIdentity me = cli.identity();
        HubClient.Download download = cli.hub(me).download(meldingId);
        byte[] payload = new MessageOpener(me).open(download.enveloped(), download.avsender());
        Files.write(out, payload, force
                ? new StandardOpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING}
                : new StandardOpenOption[] {StandardOpenOption.CREATE_NEW});
        cli.out().println("verified: signed by " + download.avsender() + "; " + payload.length + " bytes of "
                + download.meldingType() + " written to " + out);
        return 0;
    }
}
