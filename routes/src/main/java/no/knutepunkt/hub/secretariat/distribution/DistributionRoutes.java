package no.knutepunkt.hub.secretariat.distribution;

import no.knutepunkt.hub.messaging.Headers;
import no.knutepunkt.hub.api.DocumentUploads;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.Http;
import no.knutepunkt.hub.api.Problem;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Distributions: the {@code distribution} route makes the recipients' messages a batch at a time;
 * the API registers, shows, lists and cancels distributions (secretariat).
 */
@Component
public class DistributionRoutes extends RouteBuilder {
    private final Distributions distributions;
    private final DistributionStore store;
    private final DocumentUploads uploads;
    private final DistributionProperties config;

    public DistributionRoutes(Distributions distributions, DistributionStore store, DocumentUploads uploads,
                              DistributionProperties config) {
        this.distributions = distributions;
        this.store = store;
        this.uploads = uploads;
        this.config = config;
    }

    @Override
    public void configure() {
        from("timer:distribution?delay=1000&period={{knutepunkt.distributions.interval}}")
                .routeId("distribution")
                .process(exchange -> {
                    // batch after batch while there is work, up to batches-per-tick
                    int made = 0;
                    for (int round = 0; round < config.batchesPerTick(); round++) {
                        int batch = distributions.dispatch(config.batchSize());
                        made += batch;
                        if (batch < config.batchSize()) {
                            break;
                        }
                    }
                    if (made > 0) {
                        log.info("Distribution: made {} recipients' messages", made);
                    }
                });

        from("direct:distributions-create").routeId("distributions-create").routeConfigurationId(ApiErrors.ID)
                .process(this::create);

        from("direct:distributions-list").routeId("distributions-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> Http.json(exchange, 200, store.list(500).stream()
                        .map(d -> view(d, store.recipients(d.id()), false)).toList()));

        from("direct:distributions-get").routeId("distributions-get").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    String id = exchange.getMessage().getHeader(Headers.ID, String.class);
                    DistributionStore.Distribution d = store.find(id)
                            .orElseThrow(() -> Problem.notFound("no distribution " + id));
                    Http.json(exchange, 200, view(d, store.recipients(id), true));
                });

        from("direct:distributions-cancel").routeId("distributions-cancel").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    String id = exchange.getMessage().getHeader(Headers.ID, String.class);
                    int stopped = distributions.cancel(id, Http.caller(exchange).username());
                    Map<String, Object> body = view(store.find(id).orElseThrow(), store.recipients(id), false);
                    body.put("stopped", stopped);
                    Http.json(exchange, 200, body);
                });
    }

    private void create(Exchange exchange) throws Exception {
        DocumentUploads.Upload<Distributions.Request> upload = uploads.read(exchange, "the document",
                Distributions.Request.class);
        DistributionStore.Created created = distributions.register(upload.metadata(), upload.document(),
                Http.caller(exchange).username());
        DistributionStore.Distribution d = created.distribution();
        Http.json(exchange, created.created() ? 202 : 200, view(d, store.recipients(d.id()), false));
    }

    private static Map<String, Object> view(DistributionStore.Distribution d, List<DistributionStore.Recipient> recipients,
                                            boolean withRecipients) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", d.id());
        v.put("noekkel", d.noekkel());
        v.put("meldingType", d.meldingType());
        v.put("filnavn", d.filnavn());
        v.put("maal", d.maal());
        v.put("state", d.state());
        v.put("createdBy", d.createdBy());
        v.put("createdAt", d.createdAt().toString());
        v.put("recipients", recipients.size());
        Map<String, Integer> counts = new TreeMap<>();
        for (DistributionStore.Recipient r : recipients) {
            counts.merge(r.status().orElse("PENDING"), 1, Integer::sum);
        }
        v.put("counts", counts);
        if (withRecipients) {
            v.put("mottakere", recipients.stream().sorted(Comparator.comparing(DistributionStore.Recipient::mottaker))
                    .map(r -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("orgnr", r.mottaker());
                        m.put("meldingId", r.meldingId().orElse(null));
                        m.put("status", r.status().orElse("PENDING"));
                        return m;
                    }).toList());
        }
        return v;
    }
}
