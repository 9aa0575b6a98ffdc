package no.knutepunkt.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.knutepunkt.platform.crypto.CmsSigner;

/**
 * The command-line client for member systems and for trying the hub out.
 *
 * <pre>
 * knutepunkt-client --as DIR [--hub URL] [--ca FILE] COMMAND ...
 *   send --to ORGNR[,ORGNR...] --type MELDINGTYPE --file FILE [--klient-melding-id ID]
 *        [--korrelasjon ID] [--svar-pa MELDINGID] [--ttl MS]
 *   inbox                                  list what waits in the inbox
 *   download MELDINGID --out FILE          download, decrypt, verify the sender, write the payload
 *   ack MELDINGID                          acknowledge a downloaded message
 *   status MELDINGID                       the status of a message you sent
 * </pre>
 * DIR is a member identity directory (the demo ones are DATA/demo/members/ORGNR).
 */
public final class KnutepunktCli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KnutepunktCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit code (0 ok, 1 refused by the hub or failed, 2 usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Deque<String> rest = new ArrayDeque<>(Arrays.asList(args));
        Map<String, String> options = new HashMap<>();
        List<String> positional = new java.util.ArrayList<>();
        while (!rest.isEmpty()) {
            String arg = rest.poll();
            if (arg.startsWith("--")) {
                if (rest.isEmpty()) {
                    err.println("option " + arg + " needs a value");
                    return 2;
                }
                options.put(arg.substring(2), rest.poll());
            } else {
                positional.add(arg);
            }
        }
        if (positional.isEmpty() || !options.containsKey("as")) {
            err.println(usage());
            return 2;
        }
        try {
            Path dir = Path.of(options.get("as"));
            Path ca = options.containsKey("ca") ? Path.of(options.get("ca")) : MemberIdentity.defaultCa(dir);
            MemberIdentity me = MemberIdentity.load(dir, ca);
            HubClient hub = new HubClient(URI.create(options.getOrDefault("hub", "http://localhost:8080")),
                    me.username(), me.password());
            String command = positional.get(0);
            switch (command) {
                case "send" -> {
                    byte[] payload = Files.readAllBytes(Path.of(required(options, "file")));
                    byte[] signed = new CmsSigner(me.key(), me.certificate()).sign(payload);
                    String id = hub.send(new HubClient.Send(me.username(),
                            List.of(required(options, "to").split(",")), required(options, "type"),
                            options.getOrDefault("klient-melding-id", UUID.randomUUID().toString()),
                            options.get("korrelasjon"), options.get("svar-pa"),
                            options.containsKey("ttl") ? Long.valueOf(options.get("ttl")) : null,
                            Path.of(options.get("file")).getFileName().toString()), signed);
                    out.println(id);
                }
                case "inbox" -> out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(hub.inbox()));
                case "download" -> {
                    String id = argument(positional);
                    HubClient.Download download = hub.download(id);
                    byte[] payload = new MessageOpener(me).open(download.enveloped(), download.avsender());
                    Path target = Path.of(required(options, "out"));
                    Files.write(target, payload);
                    out.println("verified: signed by " + download.avsender() + "; " + payload.length + " bytes of "
                            + download.meldingType() + " written to " + target);
                }
                case "ack" -> {
                    hub.acknowledge(argument(positional));
                    out.println("acknowledged");
                }
                case "status" -> {
                    JsonNode status = hub.status(argument(positional));
                    out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(status));
                }
                default -> {
                    err.println("unknown command '" + command + "'\n" + usage());
                    return 2;
                }
            }
            return 0;
        } catch (UsageException e) {
            err.println(e.getMessage() + "\n" + usage());
            return 2;
        } catch (Exception e) {
            err.println("failed: " + e.getMessage());
            return 1;
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new UsageException("missing --" + name);
        }
        return value;
    }

    private static String argument(List<String> positional) {
        if (positional.size() < 2) {
            throw new UsageException("missing MELDINGID");
        }
        return positional.get(1);
    }

    private static String usage() {
        return """
                usage: knutepunkt-client --as DIR [--hub URL] [--ca FILE] COMMAND ...
                  send --to ORGNR[,ORGNR...] --type MELDINGTYPE --file FILE [--klient-melding-id ID]
                       [--korrelasjon ID] [--svar-pa MELDINGID] [--ttl MS]
                  inbox
                  download MELDINGID --out FILE
                  ack MELDINGID
                  status MELDINGID
                DIR: a member identity directory, e.g. data/demo/members/994601008""";
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
