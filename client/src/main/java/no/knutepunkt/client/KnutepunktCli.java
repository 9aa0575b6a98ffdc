package no.knutepunkt.client;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The command-line client for member systems, for staff and for trying the hub out:
 * {@code knutepunkt-client --as DIR [--hub URL] [--ca FILE] COMMAND ...} with the member commands send,
 * inbox, download, ack and status, and {@code knutepunkt-client COMMAND --credentials FILE [--hub URL] ...}
 * with the staff commands distribute, dead-letters and invoicing ({@code --help} on each). DIR is a member
 * identity directory (the demo ones are DATA/demo/members/ORGNR); FILE a staff role's credentials (the demo
 * ones are DATA/demo/operator.properties and secretariat.properties). Exit codes: 0 ok, 1 refused by the hub or
 * failed, 2 usage.
 */
@Command(name = "knutepunkt-client", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Sign and send messages, read the inbox, download, acknowledge and follow a status:"
                + " what a member system does with the Knutepunkt hub.",
                "And for staff: distribute a document (secretariat), handle dead letters (operator), see what an"
                        + " invoicing run would issue (secretariat)."},
        subcommands = {SendCommand.class, InboxCommand.class, DownloadCommand.class, AckCommand.class,
                StatusCommand.class, DistributeCommand.class, DeadLettersCommand.class, InvoicingCommand.class},
        synopsisSubcommandLabel = "COMMAND",
        footer = {"", "The member commands (send, inbox, download, ack, status) need --as; the options --as, --hub and"
                + " --ca may also follow the command.",
                "The staff commands (distribute, dead-letters, invoicing) take --credentials FILE instead of --as.",
                "Exit codes: 0 done; 1 refused by the hub, hub not reachable, or failed;"
                        + " 2 usage (a wrong or missing option, or a file or directory it names cannot be used)."})
public final class KnutepunktCli implements Callable<Integer> {
    /** The environment variable that gives the hub's URL when --hub is not given. */
    public static final String HUB_VARIABLE = "KNUTEPUNKT_HUB";
    /** The hub's URL when neither --hub nor KNUTEPUNKT_HUB gives one. */
    public static final String DEFAULT_HUB = "http://localhost:8080";
    /** The commands staff use, with --credentials: they take neither --as nor --ca. */
    static final List<String> STAFF_COMMANDS = List.of("distribute", "dead-letters", "invoicing");
    private static final String COMMANDS = "send, inbox, download, ack, status, distribute, dead-letters or invoicing";

    @Spec
    private CommandSpec spec;

    @Option(names = "--as", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "the member identity directory: key.pem, cert.pem, credentials.properties"
                    + " (e.g. data/demo/members/994601008); required by the member commands")
    private Path as;

    @Option(names = "--hub", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = {"the hub's URL; default $" + HUB_VARIABLE + ", else " + DEFAULT_HUB,
                    "here: ${DEFAULT-VALUE}"})
    private URI hub;

    @Option(names = "--ca", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "the CA certificate that issued the members' certificates"
                    + " (default: ca.pem two levels above DIR)")
    private Path ca;

    private final Shell shell;

    private KnutepunktCli(Shell shell) {
        this.shell = shell;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, Shell.system()));
    }

    /** Runs one command; returns the exit code (0 ok, 1 refused by the hub or failed, 2 usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, out == System.out ? Shell.system() : Shell.of(System.getenv()));
    }

    /** {@link #run(String[], PrintStream, PrintStream)} with the given environment variables. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
        return run(args, out, err, Shell.of(environment));
    }

    /** {@link #run(String[], PrintStream, PrintStream)} in the given shell. */
    static int run(String[] args, PrintStream out, PrintStream err, Shell shell) {
        CommandLine cli = new CommandLine(new KnutepunktCli(shell))
                .setOut(writer(out))
                .setErr(writer(err))
                .setDefaultValueProvider(new HubDefault(shell.environment()))
                .setParameterExceptionHandler(new UsageErrors())
                .setExecutionExceptionHandler(new Failures())
                .setUsageHelpWidth(100);
        STAFF_COMMANDS.forEach(name -> withoutMemberOptions(cli.getSubcommands().get(name)));
        if (args.length == 0) {
            cli.usage(cli.getErr());
            return CommandLine.ExitCode.USAGE;
        }
        return cli.execute(args);
    }

    /** Takes the inherited --as and --ca off a staff command and its subcommands: they log in with --credentials. */
    private static void withoutMemberOptions(CommandLine command) {
        for (String name : new String[] {"--as", "--ca"}) {
            OptionSpec option = command.getCommandSpec().findOption(name);
            if (option != null) {
                command.getCommandSpec().remove(option);
            }
        }
        command.getSubcommands().values().forEach(KnutepunktCli::withoutMemberOptions);
    }

    /** Without a command: a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing COMMAND: " + COMMANDS);
    }

    /** The identity given with --as, and the CA of --ca or its default; a usage error without --as. */
    MemberIdentity identity() throws IOException {
        if (as == null) {
            throw usageError("Missing required option: '--as=DIR'");
        }
        return MemberIdentity.load(as, ca != null ? ca : MemberIdentity.defaultCa(as));
    }

    /** A client of the hub, logged in as {@code me}. */
    HubClient hub(MemberIdentity me) {
        return hub(me.credentials());
    }

    /** A client of the hub, logged in with {@code credentials}. */
    HubClient hub(Credentials credentials) {
        boolean http = "http".equalsIgnoreCase(hub.getScheme()) || "https".equalsIgnoreCase(hub.getScheme());
        if (!http || hub.getHost() == null) {
            throw usageError("hub URL '" + hub + "' is not an http:// or https:// URL"
                    + " (use --hub or " + HUB_VARIABLE + ")");
        }
        return new HubClient(hub, credentials.username(), credentials.password());
    }

    /** A usage error of the command being run (its --help is the one to try). */
    private ParameterException usageError(String message) {
        CommandLine command = spec.commandLine();
        for (ParseResult parsed = command.getParseResult(); parsed != null && parsed.hasSubcommand(); ) {
            parsed = parsed.subcommand();
            command = parsed.commandSpec().commandLine();
        }
        return new ParameterException(command, message);
    }

    /** Where the client runs: its terminal, clock and waits. */
    Shell shell() {
        return shell;
    }

    /** Where a command prints its result. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(stream, true);
    }
}
