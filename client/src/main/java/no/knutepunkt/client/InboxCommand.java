package no.knutepunkt.client;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** inbox: lists what waits in the member's inbox. */
@Command(name = "inbox", mixinStandardHelpOptions = true,
        description = "List the messages waiting in your inbox (JSON), oldest first.")
final class InboxCommand implements Callable<Integer> {
    @ParentCommand
    private KnutepunktCli cli;

    @Override
    public Integer call() throws Exception {
        MemberIdentity me = cli.identity();
        cli.out().println(ClientJson.pretty(cli.hub(me).inbox()));
        return 0;
    }
}
