package no.knutepunkt.client;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The command-line client for member systems and for trying the hub out:
 * {@code knutepunkt-client --as DIR [--hub URL] [--ca FILE] COMMAND ...} with the commands send,
 * inbox, download, ack and status ({@code --help} on each). DIR is a member identity directory (the
 * demo ones are DATA/demo/members/ORGNR). Exit codes: 0 ok, 1 refused by the hub or failed, 2 usage.
 */
@Command(name = "knutepunkt-client", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Sign and send messages, read the inbox, download, acknowledge and follow a status:"
                + " what a member system does with the Knutepunkt hub.",
        subcommands = {SendCommand.class, InboxCommand.class, DownloadCommand.class, AckCommand.class,
                StatusCommand.class},
        synopsisSubcommandLabel = "COMMAND",
        footer = {"", "The options --as, --hub and --ca may also follow the command.",
                "Exit codes: 0 done; 1 refused by the hub, hub not reachable, or failed;"
                        + " 2 usage (a wrong or missing option, or a file or directory it names cannot be used)."})
public final class KnutepunktCli implements Callable<Integer> {
    /** The environment variable that gives the hub's URL when --hub is not given. */
    public static final String HUB_VARIABLE = "KNUTEPUNKT_HUB";
    /** The hub's URL when neither --hub nor KNUTEPUNKT_HUB gives one. */
    public static final String DEFAULT_HUB = "http://localhost:8080";

    @Spec
    private CommandSpec spec;

    @Option(names = "--as", paramLabel = "DIR", required = true, scope = ScopeType.INHERIT,
            description = "the member identity directory: key.pem, cert.pem, credentials.properties"
                    + " (e.g. data/demo/members/994601008)")
    private Path as;

    @Option(names = "--hub", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = {"the hub's URL; default $" + HUB_VARIABLE + ", else " + DEFAULT_HUB,
                    "here: ${DEFAULT-VALUE}"})
    private URI hub;

    @Option(names = "--ca", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "the CA certificate that issued the members' certificates"
                    + " (default: ca.pem two levels above DIR)")
    private Path ca;

    private KnutepunktCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit code (0 ok, 1 refused by the hub or failed, 2 usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    /** {@link #run(String[], PrintStream, PrintStream)} with the given environment variables. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
        CommandLine cli = new CommandLine(new KnutepunktCli())
                .setOut(writer(out))
                .setErr(writer(err))
                .setDefaultValueProvider(new HubDefault(environment))
                .setParameterExceptionHandler(new UsageErrors())
                .setExecutionExceptionHandler(new Failures())
                .setUsageHelpWidth(100);
        if (args.length == 0) {
            cli.usage(cli.getErr());
            return CommandLine.ExitCode.USAGE;
        }
        return cli.execute(args);
    }

    /** Without a command: a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing COMMAND: send, inbox, download, ack or status");
    }

    /** The identity given with --as, and the CA of --ca or its default. */
    MemberIdentity identity() throws IOException {
        return MemberIdentity.load(as, ca != null ? ca : MemberIdentity.defaultCa(as));
    }

    /** A client of the hub, logged in as {@code me}. */
    HubClient hub(MemberIdentity me) {
        boolean http = "http".equalsIgnoreCase(hub.getScheme()) || "https".equalsIgnoreCase(hub.getScheme());
        if (!http || hub.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "hub URL '" + hub + "' is not an http:// or https:// URL"
                    + " (use --hub or " + HUB_VARIABLE + ")");
        }
        return new HubClient(hub, me.username(), me.password());
    }

    /** Where a command prints its result. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(stream, true);
    }
}
