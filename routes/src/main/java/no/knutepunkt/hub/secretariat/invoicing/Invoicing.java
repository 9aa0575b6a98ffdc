package no.knutepunkt.hub.secretariat.invoicing;

import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import no.knutepunkt.hub.api.MultipartRequest;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.config.ConnectorProperties;
import no.knutepunkt.hub.messaging.Notices;
import no.knutepunkt.platform.funding.EhfInvoice;
import no.knutepunkt.platform.funding.FundingModel;
import no.knutepunkt.platform.funding.FundingTable;
import no.knutepunkt.platform.funding.InvoicingPlan;
import no.knutepunkt.platform.funding.Party;
import no.knutepunkt.platform.funding.PayerInvoice;
import no.knutepunkt.platform.funding.ResourceUse;
import no.knutepunkt.platform.member.MemberRegistry;
import no.knutepunkt.platform.protocol.MessageTypes;
import no.knutepunkt.platform.xml.XmlChars;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Invoicing of the base funding. A run computes the year's funding table from the configured parameters, the
 * member registry and the registered resource use, and plans what to issue ({@link InvoicingPlan}): the first run of
 * a year an invoice per payer; a correction a credit note and a new invoice per payer whose invoice changed. A dry
 * run shows the table and the plan. A real run stores the run, each document as EHF (signed by the hub) and its
 * message to the payer in one transaction, then puts the messages on their way: they travel the ordinary path to
 * the {@code peppol} connector, with its retries and statuses. A year already invoiced is never invoiced again: the
 * same run again answers with what was issued, anything else needs a correction.
 */
@Component
public class Invoicing {
    static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    private static final Logger log = LoggerFactory.getLogger(Invoicing.class);
    private final FundingYears years;
    private final MemberRegistry registry;
    private final InvoicingStore store;
    private final Notices hub;
    private final TransactionTemplate tx;
    private final InvoicingProperties config;
    private final boolean accessPoint;

    public Invoicing(FundingYears years, MemberRegistry registry, InvoicingStore store, Notices hub,
                     TransactionTemplate tx, InvoicingProperties config,
                     ConnectorProperties connectors) {
        this.years = years;
        this.registry = registry;
        this.store = store;
        this.hub = hub;
        this.tx = tx;
        this.config = config;
        this.accessPoint = connectors.peppol().hasAccessPoint();
    }

    /** A request for a run. */
    public record Request(Integer year, Boolean dryRun, Boolean correction) {
    }

    /**
     * What a request gave.
     *
     * @param year    the year's configured funding
     * @param table   the year's funding table as computed now
     * @param plan    what the run issues (a dry run: would issue)
     * @param run     for a real run, the run that issued the documents (new or, for a repeated request, earlier)
     * @param created whether the run was made by this request
     * @param earlier for a dry run of a year invoiced already, the year's latest run
     */
    public record Outcome(FundingYears.Year year, FundingTable table, List<InvoicingPlan.Planned> plan,
                          Optional<InvoicingStore.Run> run, boolean created, Optional<InvoicingStore.Run> earlier) {
    }

    public Outcome run(Request request, String by) {
        if (request.year() == null) {
            throw MultipartRequest.invalid("year", "year, the year to invoice, is required");
        }
        if (request.dryRun() == null) {
            throw MultipartRequest.invalid("dryRun", "dryRun is required: true to see what the run would issue,"
                    + " false to issue it");
        }
        int year = request.year();
        boolean correction = Boolean.TRUE.equals(request.correction());
        FundingYears.Year funding = funding(year);
        FundingTable table = table(funding);
        List<InvoicingStore.Run> runs = store.runsOf(year);
        Optional<InvoicingStore.Run> latest = runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
        List<InvoicingPlan.Planned> plan;
        if (!correction) {
            plan = InvoicingPlan.first(table);
            if (request.dryRun()) {
                return new Outcome(funding, table, plan, Optional.empty(), false, latest);
            }
            if (latest.isPresent()) {
                List<InvoicingPlan.Planned> changes = InvoicingPlan.correction(store.outstanding(year), table);
                if (changes.isEmpty()) {
                    log.info("Invoicing {} again by {}: nothing changed, answering with run {}", year, by,
                            latest.get().id());
                    return new Outcome(funding, table, plan, latest, false, latest);
                }
                throw new Problem(409, "already-invoiced", "Year already invoiced", year + " was invoiced by run "
                        + runs.get(0).id() + "; the funding model now gives other invoices to "
                        + payers(changes) + " payer(s). Nothing was issued. To issue credit notes and corrected"
                        + " invoices, post the run with \"correction\": true")
                        .with("field", "year").with("runId", latest.get().id());
            }
        } else {
            if (latest.isEmpty()) {
                throw new Problem(409, "not-invoiced", "Nothing to correct", year + " has not been invoiced;"
                        + " run it without \"correction\" first").with("field", "correction");
            }
            plan = InvoicingPlan.correction(store.outstanding(year), table);
            if (request.dryRun()) {
                return new Outcome(funding, table, plan, Optional.empty(), false, latest);
            }
            if (plan.isEmpty()) {
                throw new Problem(409, "nothing-to-correct", "Nothing to correct", "the invoices issued for " + year
                        + " match the funding model; nothing was issued").with("runId", latest.get().id());
            }
        }
        List<String> missing = new ArrayList<>();
        if (!accessPoint) {
            missing.add("a Peppol access point (knutepunkt.peppol.base-url)");
        }
        if (years.account().isEmpty()) {
            missing.add("the issuer's bank account (knutepunkt.invoicing.issuer.account)");
        }
        if (!missing.isEmpty()) {
            throw new Problem(409, "invoicing-not-configured", "Invoicing not configured", "a real run needs "
                    + String.join(" and ", missing) + "; nothing was issued");
        }
        InvoicingStore.Run run = new InvoicingStore.Run(UUID.randomUUID().toString(), year, runs.size(), by,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        List<InvoicingStore.Invoice> issued = issue(run, plan);
        for (InvoicingStore.Invoice invoice : issued) {
            hub.enqueue(invoice.meldingId(), invoice.payer(), Optional.of(korrelasjon(run)));
        }
        log.info("Invoicing run {} for {} by {}: {} documents issued", run.id(), year, by, issued.size());
        return new Outcome(funding, table, plan, Optional.of(run), true, latest);
    }

    /** Stores the run, and each document with its message, in one transaction. */
    private List<InvoicingStore.Invoice> issue(InvoicingStore.Run run, List<InvoicingPlan.Planned> plan) {
        LocalDate today = LocalDate.now(OSLO);
        try {
            return tx.execute(s -> {
                store.insertRun(run);
                int sequence = store.lastSequence(run.year());
                List<InvoicingStore.Invoice> issued = new ArrayList<>();
                for (InvoicingPlan.Planned p : plan) {
                    issued.add(issueOne(run, ++sequence, today, p));
                }
                return issued;
            });
        } catch (DuplicateKeyException raced) {
            throw new Problem(409, "concurrent-run", "Another run at the same time", "another invoicing run for "
                    + run.year() + " was made at the same moment; nothing was issued by this one. See GET"
                    + " /api/v1/invoicing-runs").with("field", "year");
        }
    }

    private InvoicingStore.Invoice issueOne(InvoicingStore.Run run, int sequence, LocalDate today,
                                           InvoicingPlan.Planned p) {
        boolean credit = p.kind() == InvoicingPlan.Kind.CREDIT_NOTE;
        PayerInvoice invoice = p.invoice();
        String number = String.format("%s%d-%04d", config.numberPrefix(), run.year(), sequence);
        Optional<LocalDate> due = credit ? Optional.empty() : Optional.of(today.plusDays(config.paymentDays()));
        Party buyer = new Party(invoice.payerOrgnr(), invoice.payerName() + " kommune", null, null, null);
        byte[] ubl;
        try {
            ubl = EhfInvoice.invoice(number, today, due.orElse(null), years.issuer(), years.account().orElse(null),
                    buyer, invoice, buyerReference(invoice.payerOrgnr(), run.year()), credit,
                    p.credits().orElse(null));
        } catch (IllegalArgumentException e) {
            throw new Problem(422, "invoice-refused", "An invoice cannot be written", "the invoice to "
                    + invoice.payerOrgnr() + " cannot be written as EHF: " + e.getMessage() + "; nothing was issued");
        }
        String type = credit ? MessageTypes.KREDITNOTA : MessageTypes.FAKTURA;
        String meldingId = hub.storeFromHub(invoice.payerOrgnr(), type, "faktura/" + number,
                Optional.of(korrelasjon(run)), Optional.empty(), config.ttl().toMillis(),
                credit ? "kreditnota.xml" : "faktura.xml", hub.sign(ubl), Optional.empty());
        InvoicingStore.Invoice stored = new InvoicingStore.Invoice(number, run.id(), run.year(), sequence, p.kind(),
                invoice.payerOrgnr(), invoice.payerName(), invoice.totalOre(), p.credits(), today, due, meldingId);
        store.insertInvoice(stored, invoice.lines(), ubl);
        return stored;
    }

    private String buyerReference(String payer, int year) {
        String reference = config.buyerReferences().get(payer);
        return reference != null ? reference : config.buyerReference() + " " + year;
    }

    static String korrelasjon(InvoicingStore.Run run) {
        return "fakturering:" + run.id();
    }

    private static long payers(List<InvoicingPlan.Planned> changes) {
        return changes.stream().map(p -> p.invoice().payerOrgnr()).distinct().count();
    }

    /** The year's configured funding; a year without parameters, or with wrong ones, is refused. */
    public FundingYears.Year funding(int year) {
        years.problem(year).ifPresent(problem -> {
            throw new Problem(409, "invoicing-misconfigured", "Invoicing misconfigured", "the invoicing"
                    + " configuration for " + year + " is wrong: " + problem + "; nothing was issued")
                    .with("field", "year");
        });
        return years.year(year).orElseThrow(() -> new Problem(422, "unknown-funding-year", "No funding parameters",
                "no funding parameters are configured for " + year + " (knutepunkt.invoicing.years." + year
                        + "); configured: " + years.years()).with("field", "year"));
    }

    private FundingTable table(FundingYears.Year funding) {
        int year = funding.parameters().year();
        List<ResourceUse> use = store.usesOf(year).stream().map(InvoicingStore.Use::resourceUse).toList();
        try {
            return FundingModel.compute(funding.parameters(), registry.all(), use);
        } catch (IllegalArgumentException e) {
            throw new Problem(422, "funding-model-refused", "The funding model refuses the data",
                    "the invoices of " + year + " cannot be computed: " + e.getMessage()).with("field", "year");
        }
    }

    // ---- resource use ----

    /**
     * A resource use to register.
     *
     * @param hours exact decimal hours, at most two decimals
     * @param rate  kroner per hour with at most two decimals; the year's {@code resource-rate} when left out
     */
    public record Use(@Size(max = 200, message = "must have at most {max} characters") String noekkel, Integer year,
                      @Size(max = 9, message = "must have at most {max} characters") String orgnr,
                      @Size(max = 500, message = "must have at most {max} characters") String description,
                      BigDecimal hours, BigDecimal rate) {
    }

    /** Registers a resource use (or finds the one with the same key); it is invoiced with its year. */
    public InvoicingStore.Created register(Use request, String by) {
        String noekkel = required("noekkel", request.noekkel());
        if (noekkel.length() > 200) {
            throw MultipartRequest.invalid("noekkel", "noekkel is longer than 200 characters");
        }
        Optional<InvoicingStore.Use> earlier = store.useByKey(noekkel);
        if (earlier.isPresent()) {
            return new InvoicingStore.Created(earlier.get(), false);
        }
        if (request.year() == null) {
            throw MultipartRequest.invalid("year", "year is required");
        }
        FundingYears.Year funding = funding(request.year());
        String orgnr = required("orgnr", request.orgnr());
        if (!registry.isMember(orgnr)) {
            throw new Problem(422, "unknown-member", "Unknown member", orgnr + " is not a member")
                    .with("field", "orgnr");
        }
        if (funding.parameters().selfFinancingOrgnrs().contains(orgnr)) {
            throw new Problem(422, "self-financing-member", "Member finances itself", orgnr
                    + " finances itself outside the key in " + request.year() + " and is not invoiced")
                    .with("field", "orgnr");
        }
        String description = required("description", request.description());
        if (description.length() > 500) {
            throw MultipartRequest.invalid("description", "description is longer than 500 characters");
        }
        try {
            XmlChars.check(description, "description");
        } catch (IllegalArgumentException e) {
            throw MultipartRequest.invalid("description", e.getMessage() + "; it goes on an EHF invoice");
        }
        BigDecimal hours = request.hours();
        if (hours == null || hours.signum() <= 0 || hours.stripTrailingZeros().scale() > 2
                || hours.compareTo(BigDecimal.valueOf(1_000_000)) >= 0) {
            throw MultipartRequest.invalid("hours", "hours must be a positive number below 1 000 000 with at most"
                    + " two decimals");
        }
        long rate;
        if (request.rate() != null) {
            if (request.rate().signum() < 0 || request.rate().stripTrailingZeros().scale() > 2
                    || request.rate().compareTo(BigDecimal.valueOf(1_000_000)) >= 0) {
                throw MultipartRequest.invalid("rate", "rate must be kroner per hour, not negative, below 1 000 000,"
                        + " with at most two decimals");
            }
            rate = request.rate().movePointRight(2).longValueExact();
        } else {
            rate = funding.resourceRateOre().orElseThrow(() -> MultipartRequest.invalid("rate", "rate is required:"
                    + " no resource-rate is configured for " + request.year()));
        }
        InvoicingStore.Created created = store.insertUse(new InvoicingStore.Use(UUID.randomUUID().toString(), noekkel,
                request.year(), orgnr, description, hours.setScale(2, RoundingMode.UNNECESSARY), rate, by,
                Instant.now().truncatedTo(ChronoUnit.MICROS)));
        if (created.created()) {
            log.info("Resource use {} of {} by {} for {} registered by {}", created.use().id(), hours, orgnr,
                    request.year(), by);
        }
        return created;
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw MultipartRequest.invalid(field, "field '" + field + "' is required");
        }
        return value.strip();
    }
}
