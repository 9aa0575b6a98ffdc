package no.knutepunkt.topology;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The members' receiving systems and the Peppol access point, as one WireMock server: Fiks IO pushes
 * ({@code POST /fiks-io/api/v1/send}) and EHF invoices ({@code POST /api/v1/outbound}). What arrived is counted from
 * WireMock's request journal: pushes by the {@code meldingId} of their metadata part, invoices by their
 * {@code Idempotency-Key}.
 */
final class Receiver implements AutoCloseable {
    private static final Pattern MELDING_ID = Pattern.compile("\"meldingId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern RESENDT = Pattern.compile("\"resendt\"\\s*:\\s*(true|false)");
    private static final Pattern KORRELASJON = Pattern.compile("\"klientKorrelasjonsId\"\\s*:\\s*\"([^\"]+)\"");
    static final String SEND = "/fiks-io/api/v1/send";
    static final String OUTBOUND = "/api/v1/outbound";

    /** One request of the journal, as far as the suite needs it. */
    record Arrival(String path, int status, String meldingId, String korrelasjon, String idempotencyKey,
                   java.time.Instant at, String resendt) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final WireMockServer server;
    private final Map<UUID, Arrival> parsed = new ConcurrentHashMap<>();
    private StubMapping unavailable;

    Receiver() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(80)
                .jettyAcceptors(2));
        server.start();
        server.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson("{\"status\":\"mottatt\"}")));
        server.stubFor(post(urlPathEqualTo(OUTBOUND))
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                        .withBody("{\"transmissionId\":\"wiremock-transmission\"}")));
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** From now on every push is answered 503 (the access point still takes invoices). */
    synchronized void unavailable() {
        unavailable = server.stubFor(post(urlPathEqualTo(SEND)).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("vedlikehald")));
    }

    synchronized void available() {
        if (unavailable != null) {
            server.removeStub(unavailable);
            unavailable = null;
        }
    }

    /** Every request in the journal so far. */
    java.util.List<Arrival> arrivals() {
        java.util.List<Arrival> all = new java.util.ArrayList<>();
        for (ServeEvent e : server.getAllServeEvents()) {
            Arrival a = parsed.get(e.getId());
            if (a == null) {
                if (e.getResponse() == null) {
                    continue; // still being answered
                }
                String path = e.getRequest().getUrl();
                String body = new String(e.getRequest().getBody(), 0,
                        Math.min(4096, e.getRequest().getBody().length), StandardCharsets.ISO_8859_1);
                a = new Arrival(path, e.getResponse().getStatus(), find(MELDING_ID, body), find(KORRELASJON, body),
                        e.getRequest().getHeader("Idempotency-Key"), e.getRequest().getLoggedDate().toInstant(),
                        find(RESENDT, body));
                parsed.put(e.getId(), a);
            }
            all.add(a);
        }
        return all;
    }

    /** The accepted pushes of this meldingId, in the order they arrived. */
    java.util.List<Arrival> accepted(String meldingId) {
        return arrivals().stream().filter(a -> a.ok() && meldingId.equals(a.meldingId()))
                .sorted(java.util.Comparator.comparing(Arrival::at)).toList();
    }

    /** Pushes of one distribution (its key is each message's klientKorrelasjonsId). */
    Counts pushes(String korrelasjon) {
        Map<String, Integer> accepted = new TreeMap<>();
        int refused = 0;
        int resendt = 0;
        for (Arrival a : arrivals()) {
            if (!SEND.equals(a.path()) || !korrelasjon.equals(a.korrelasjon())) {
                continue;
            }
            if (a.ok()) {
                accepted.merge(a.meldingId(), 1, Integer::sum);
                if ("true".equals(a.resendt())) {
                    resendt++;
                }
            } else {
                refused++;
            }
        }
        return Counts.of(accepted, refused, resendt);
    }

    /** The invoices the access point took, by Idempotency-Key. */
    Counts invoices() {
        Map<String, Integer> accepted = new TreeMap<>();
        int refused = 0;
        for (Arrival a : arrivals()) {
            if (OUTBOUND.equals(a.path())) {
                if (a.ok()) {
                    accepted.merge(String.valueOf(a.idempotencyKey()), 1, Integer::sum);
                } else {
                    refused++;
                }
            }
        }
        return Counts.of(accepted, refused, 0);
    }

    /**
     * What arrived: distinct ids answered 2xx, extra 2xx copies of an id (duplicates), requests answered otherwise,
     * and how many accepted pushes said {@code resendt: true}.
     */
    record Counts(int distinct, int duplicates, int refused, int resendt, Map<String, Integer> repeated) {
        static Counts of(Map<String, Integer> accepted, int refused, int resendt) {
            Map<String, Integer> repeated = new TreeMap<>();
            int duplicates = 0;
            for (Map.Entry<String, Integer> e : accepted.entrySet()) {
                if (e.getValue() > 1) {
                    repeated.put(e.getKey(), e.getValue());
                    duplicates += e.getValue() - 1;
                }
            }
            return new Counts(accepted.size(), duplicates, refused, resendt, repeated);
        }
    }

    private static String find(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        return m.find() ? m.group(1) : null;
    }

    @Override
    public void close() {
        server.stop();
    }
}
