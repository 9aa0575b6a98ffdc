package no.knutepunkt.hub.secretariat.distribution;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.ApiJson;
import no.knutepunkt.hub.api.DocumentUploads;
import no.knutepunkt.hub.api.Http;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.messaging.Headers;
import org.apache.camel.Exchange;
import no.knutepunkt.hub.cluster.JobLeases;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Distributions: the {@code distribution} route makes the recipients' messages a batch at a time;
 * the API registers, shows, lists and cancels distributions (secretariat).
 */
@Component
public class DistributionRoutes extends RouteBuilder {
    private final JobLeases leases;
    private final Distributions distributions;
    private final DistributionStore store;
    private final DocumentUploads uploads;
    private final DistributionProperties config;
    private final ApiJson json;

    public DistributionRoutes(Distributions distributions, DistributionStore store, DocumentUploads uploads,
                              DistributionProperties config, ApiJson json, JobLeases leases) {
        this.leases = leases;
        this.distributions = distributions;
        this.store = store;
        this.uploads = uploads;
        this.config = config;
        this.json = json;
    }

    /** A distribution; its recipients one by one only when asked for. */
    record DistributionView(String id, String noekkel, String meldingType, String filnavn, String maal, String state,
                            String createdBy, String createdAt, int recipients, Map<String, Integer> counts,
                            @JsonInclude(JsonInclude.Include.NON_NULL) List<RecipientView> mottakere) {
    }

    record RecipientView(String orgnr, String meldingId, String status) {
    }

    /** A cancelled distribution, with how many recipients' messages were stopped. */
    record Cancelled(@JsonUnwrapped DistributionView distribution, int stopped) {
    }

    @Override
    public void configure() {
        from("timer:distribution?delay=1000&period={{knutepunkt.distributions.interval}}")
                .routeId("distribution")
                .filter(leases.held("distribution")) // one instance at a time
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
                .process(exchange -> json.write(exchange, 200, store.list(500).stream()
                        .map(d -> view(d, store.recipients(d.id()), false)).toList()));

        from("direct:distributions-get").routeId("distributions-get").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    String id = exchange.getMessage().getHeader(Headers.ID, String.class);
                    DistributionStore.Distribution d = store.find(id)
                            .orElseThrow(() -> Problem.notFound("no distribution " + id));
                    json.write(exchange, 200, view(d, store.recipients(id), true));
                });

        from("direct:distributions-cancel").routeId("distributions-cancel").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    String id = exchange.getMessage().getHeader(Headers.ID, String.class);
                    int stopped = distributions.cancel(id, Http.caller(exchange).username());
                    json.write(exchange, 200, new Cancelled(
                            view(store.find(id).orElseThrow(), store.recipients(id), false), stopped));
                });
    }

    private void create(Exchange exchange) throws Exception {
        DocumentUploads.Upload<Distributions.Request> upload = uploads.read(exchange, "the document",
                Distributions.Request.class);
        DistributionStore.Created created = distributions.register(upload.metadata(), upload.document(),
                Http.caller(exchange).username());
        DistributionStore.Distribution d = created.distribution();
        json.write(exchange, created.created() ? 202 : 200, view(d, store.recipients(d.id()), false));
    }

    private static DistributionView view(DistributionStore.Distribution d, List<DistributionStore.Recipient> recipients,
                                         boolean withRecipients) {
        Progress progress = Progress.of(recipients);
        List<RecipientView> mottakere = !withRecipients ? null : recipients.stream()
                .sorted(Comparator.comparing(DistributionStore.Recipient::mottaker))
                .map(r -> new RecipientView(r.mottaker(), r.meldingId().orElse(null), r.status().orElse(Progress.PENDING)))
                .toList();
        return new DistributionView(d.id(), d.noekkel(), d.meldingType(), d.filnavn(), d.maal(), d.state(),
                d.createdBy(), d.createdAt().toString(), progress.recipients(), progress.counts(), mottakere);
    }
}
