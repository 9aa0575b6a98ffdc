package no.knutepunkt.client;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** ack: acknowledges a downloaded message. */
@Command(name = "ack", mixinStandardHelpOptions = true,
        description = "Acknowledge a message you downloaded: its status becomes DELIVERED.")
final class AckCommand implements Callable<Integer> {
    @ParentCommand
    private KnutepunktCli cli;

    @Parameters(paramLabel = "MELDINGID", description = "the message to acknowledge")
    private String meldingId;

    @Override
    public Integer call() throws Exception {
        MemberIdentity me = cli.identity();
        cli.hub(me).acknowledge(meldingId);
        cli.out().println("acknowledged");
        return 0;
    }
}
