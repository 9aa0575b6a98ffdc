package no.knutepunkt.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import no.knutepunkt.platform.crypto.CmsSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** send: signs a file with the member's key and sends it; prints the meldingId. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Sign FILE with your key and send it to the recipients; prints the meldingId.")
final class SendCommand implements Callable<Integer> {
    @ParentCommand
    private KnutepunktCli cli;

    @Option(names = "--to", paramLabel = "ORGNR", required = true, split = ",",
            description = "the recipients' orgnr, several separated by commas")
    private List<String> to;

    @Option(names = "--type", paramLabel = "MELDINGTYPE", required = true,
            description = "the message type, e.g. no.knutepunkt.v1.fil")
    private String type;

    @Option(names = "--file", paramLabel = "FILE", required = true, description = "the payload to sign and send")
    private Path file;

    @Option(names = "--klient-melding-id", paramLabel = "ID",
            description = "your idempotency key (default: a new UUID)")
    private String klientMeldingId;

    @Option(names = "--korrelasjon", paramLabel = "ID", description = "klientKorrelasjonsId")
    private String korrelasjon;

    @Option(names = "--svar-pa", paramLabel = "MELDINGID", description = "the message this answers")
    private String svarPa;

    @Option(names = "--ttl", paramLabel = "MS", description = "time to live in milliseconds")
    private Long ttl;

    @Override
    public Integer call() throws Exception {
        PathChecks.readableFile(file, "file");
        MemberIdentity me = cli.identity();
        byte[] signed = new CmsSigner(me.key(), me.certificate()).sign(Files.readAllBytes(file));
        String meldingId = cli.hub(me).send(new HubClient.Send(me.username(), to, type,
                klientMeldingId != null ? klientMeldingId : UUID.randomUUID().toString(), korrelasjon, svarPa, ttl,
                file.getFileName().toString()), signed);
        cli.out().println(meldingId);
        return 0;
    }
}
