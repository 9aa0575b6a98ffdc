package no.knutepunkt.client;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** status: the status of a message the member sent, per recipient with its history. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the status of a message you sent (JSON): per recipient, its status and history.")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    private KnutepunktCli cli;

    @Parameters(paramLabel = "MELDINGID", description = "the message you sent")
    private String meldingId;

    @Override
    public Integer call() throws Exception {
        MemberIdentity me = cli.identity();
        cli.out().println(ClientJson.pretty(cli.hub(me).status(meldingId)));
        return 0;
    }
}
