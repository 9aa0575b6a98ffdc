package no.knutepunkt.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How a staff command logs in: {@code --credentials FILE}, a properties file with username= and password= (the
 * demo's are data/demo/secretariat.properties and data/demo/operator.properties), read before anything is sent.
 */
final class StaffLogin {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--credentials", paramLabel = "FILE", required = true,
            description = "a staff role's credentials: a properties file with username= and password="
                    + " (the demo's are in data/demo)")
    private Path file;

    /** A client of the hub, logged in with the credentials. */
    HubClient hub() throws IOException {
        Credentials credentials = Credentials.load(file);
        return cli().hub(credentials);
    }

    KnutepunktCli cli() {
        return (KnutepunktCli) command.root().userObject();
    }

    /** Where the command prints its result. */
    PrintWriter out() {
        return command.commandLine().getOut();
    }

    /** Where the command prints what went wrong. */
    PrintWriter err() {
        return command.commandLine().getErr();
    }
}
