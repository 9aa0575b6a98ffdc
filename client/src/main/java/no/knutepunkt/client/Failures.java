package no.knutepunkt.client;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * A command that did not succeed: one line on standard error, no stack trace. A file or directory
 * named on the command line that cannot be used is a usage error (2); the hub refusing, not being
 * reachable, or anything else failing is 1.
 */
final class Failures implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        String line;
        int code = CommandLine.ExitCode.SOFTWARE;
        if (e instanceof UnusableFile) {
            line = e.getMessage();
            code = CommandLine.ExitCode.USAGE;
        } else if (e instanceof HubClient.HubUnreachable unreachable) {
            line = "cannot reach " + unreachable.hub() + ": " + unreachable.reason()
                    + " (use --hub or " + KnutepunktCli.HUB_VARIABLE + ")";
        } else if (e instanceof HubClient.HubException refused) {
            line = "refused by the hub: " + refused.getMessage();
        } else {
            line = "failed: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        }
        command.getErr().println(line);
        return code;
    }
}
