package no.knutepunkt.hub.secretariat.invoicing;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.knutepunkt.platform.funding.InvoiceLine;
import no.knutepunkt.platform.funding.InvoicingPlan;
import no.knutepunkt.platform.funding.PayerInvoice;
import no.knutepunkt.platform.funding.ResourceUse;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Invoicing runs, the invoices and credit notes they issued, and the registered resource use. */
@Repository
public class InvoicingStore {
    private final JdbcClient jdbc;

    public InvoicingStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A run: the year's first ({@code correction} 0) or a correction. */
    public record Run(String id, int year, int correction, String createdBy, Instant createdAt) {
    }

    /** An invoice or credit note as issued; its lines are read separately. */
    public record Invoice(String number, String runId, int year, int sequence, InvoicingPlan.Kind kind,
                          String payer, String payerName, long totalOre, Optional<String> credits,
                          LocalDate issueDate, Optional<LocalDate> dueDate, String meldingId) {
    }

    /** A registered resource use. */
    public record Use(String id, String noekkel, int year, String orgnr, String description, BigDecimal hours,
                      long rateOrePerHour, String createdBy, Instant createdAt) {
        public ResourceUse resourceUse() {
            return new ResourceUse(orgnr, description, hours, rateOrePerHour);
        }
    }

    // ---- runs ----

    /**
     * Inserts a run. Two runs with the same (year, correction) cannot both be made: the second waits for the
     * first's transaction and then fails with {@link DuplicateKeyException}.
     */
    public void insertRun(Run run) {
        jdbc.sql("insert into fakturering (id, aar, korreksjon_nr, created_by, created_at) values (?, ?, ?, ?, ?)")
                .params(run.id(), run.year(), run.correction(), run.createdBy(), time(run.createdAt())).update();
    }

    public Optional<Run> run(String id) {
        return jdbc.sql("select * from fakturering where id = ?").param(id).query(InvoicingStore::run).optional();
    }

    /** The runs of a year, oldest first. */
    public List<Run> runsOf(int year) {
        return jdbc.sql("select * from fakturering where aar = ? order by korreksjon_nr").param(year)
                .query(InvoicingStore::run).list();
    }

    public List<Run> runs(int limit) {
        return jdbc.sql("select * from fakturering order by created_at desc, korreksjon_nr desc fetch first ? rows only")
                .param(limit).query(InvoicingStore::run).list();
    }

    // ---- invoices ----

    /** The highest sequence number used in a year, 0 if none. */
    public int lastSequence(int year) {
        return jdbc.sql("select coalesce(max(loepenr), 0) from faktura where aar = ?").param(year)
                .query(Integer.class).single();
    }

    public void insertInvoice(Invoice invoice, List<InvoiceLine> lines, byte[] ubl) {
        jdbc.sql("""
                insert into faktura (nummer, fakturering_id, aar, loepenr, type, betalar, betalar_namn, sum_ore,
                    krediterer, utferda, forfall, ubl, melding_id)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(invoice.number(), invoice.runId(), invoice.year(), invoice.sequence(), invoice.kind().name(),
                        invoice.payer(), invoice.payerName(), invoice.totalOre(), invoice.credits().orElse(null),
                        invoice.issueDate(), invoice.dueDate().orElse(null), ubl, invoice.meldingId())
                .update();
        int n = 0;
        for (InvoiceLine line : lines) {
            jdbc.sql("""
                    insert into faktura_linje (nummer, linje, medlem, medlem_namn, tekst, sum_ore)
                    values (?, ?, ?, ?, ?, ?)""")
                    .params(invoice.number(), ++n, line.memberOrgnr(), line.memberName(), line.description(),
                            line.amountOre())
                    .update();
        }
    }

    /** The invoices and credit notes of a run, in the order they were issued. */
    public List<Invoice> invoicesOf(String runId) {
        return jdbc.sql("select * from faktura where fakturering_id = ? order by loepenr").param(runId)
                .query(InvoicingStore::invoice).list();
    }

    public Optional<Invoice> invoice(String number) {
        return jdbc.sql("select * from faktura where nummer = ?").param(number).query(InvoicingStore::invoice)
                .optional();
    }

    public Optional<byte[]> ubl(String number) {
        return jdbc.sql("select ubl from faktura where nummer = ?").param(number).query((rs, n) -> rs.getBytes(1))
                .optional();
    }

    /**
     * The year's invoices that no credit note credits, in the order they were issued, each as the funding model's
     * payer invoice (its payer, the members its lines cover, its lines), read in one query.
     */
    public List<InvoicingPlan.Outstanding> outstanding(int year) {
        Map<String, String[]> payers = new LinkedHashMap<>();
        Map<String, List<InvoiceLine>> lines = new LinkedHashMap<>();
        jdbc.sql("""
                        select f.nummer, f.betalar, f.betalar_namn, l.medlem, l.medlem_namn, l.tekst, l.sum_ore
                        from faktura f join faktura_linje l on l.nummer = f.nummer
                        where f.aar = ? and f.type = ?
                        and not exists (select 1 from faktura c where c.krediterer = f.nummer)
                        order by f.loepenr, l.linje""")
                .params(year, InvoicingPlan.Kind.INVOICE.name())
                .query(rs -> {
                    String number = rs.getString("nummer");
                    payers.putIfAbsent(number, new String[] {rs.getString("betalar"), rs.getString("betalar_namn")});
                    lines.computeIfAbsent(number, k -> new ArrayList<>()).add(new InvoiceLine(rs.getString("medlem"),
                            rs.getString("medlem_namn"), rs.getString("tekst"), rs.getLong("sum_ore")));
                });
        List<InvoicingPlan.Outstanding> outstanding = new ArrayList<>();
        payers.forEach((number, payer) -> {
            LinkedHashSet<String> covered = new LinkedHashSet<>();
            lines.get(number).forEach(l -> covered.add(l.memberOrgnr()));
            outstanding.add(new InvoicingPlan.Outstanding(number,
                    PayerInvoice.of(payer[0], payer[1], List.copyOf(covered), lines.get(number))));
        });
        return outstanding;
    }

    /** The current status of each invoice's delivery to its payer, by invoice number. */
    public Map<String, String> statuses(String runId) {
        Map<String, String> statuses = new LinkedHashMap<>();
        jdbc.sql("""
                        select f.nummer, l.status from faktura f
                        join levering l on l.melding_id = f.melding_id and l.mottaker = f.betalar
                        where f.fakturering_id = ? order by f.loepenr""")
                .param(runId)
                .query(rs -> {
                    statuses.put(rs.getString(1), rs.getString(2));
                });
        return statuses;
    }

    // ---- resource use ----

    /** Registers a resource use; the same key again registers nothing and returns the first. */
    public Created insertUse(Use use) {
        try {
            jdbc.sql("""
                    insert into ressursbruk (id, noekkel, aar, orgnr, skildring, timar, timesats_ore, created_by,
                        created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(use.id(), use.noekkel(), use.year(), use.orgnr(), use.description(), use.hours(),
                            use.rateOrePerHour(), use.createdBy(), time(use.createdAt()))
                    .update();
            return new Created(use, true);
        } catch (DuplicateKeyException raced) {
            return new Created(useByKey(use.noekkel()).orElseThrow(() -> raced), false);
        }
    }

    /** The outcome of {@link #insertUse}. */
    public record Created(Use use, boolean created) {
    }

    public Optional<Use> useByKey(String noekkel) {
        return jdbc.sql("select * from ressursbruk where noekkel = ?").param(noekkel).query(InvoicingStore::use)
                .optional();
    }

    public Optional<Use> use(String id) {
        return jdbc.sql("select * from ressursbruk where id = ?").param(id).query(InvoicingStore::use).optional();
    }

    /** The resource use of a year, in the order it was registered. */
    public List<Use> usesOf(int year) {
        return jdbc.sql("select * from ressursbruk where aar = ? order by created_at, id").param(year)
                .query(InvoicingStore::use).list();
    }

    public boolean deleteUse(String id) {
        return jdbc.sql("delete from ressursbruk where id = ?").param(id).update() == 1;
    }

    // ---- mapping ----

    private static Run run(ResultSet rs, int row) throws SQLException {
        return new Run(rs.getString("id"), rs.getInt("aar"), rs.getInt("korreksjon_nr"), rs.getString("created_by"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static Invoice invoice(ResultSet rs, int row) throws SQLException {
        return new Invoice(rs.getString("nummer"), rs.getString("fakturering_id"), rs.getInt("aar"),
                rs.getInt("loepenr"), InvoicingPlan.Kind.valueOf(rs.getString("type")), rs.getString("betalar"),
                rs.getString("betalar_namn"), rs.getLong("sum_ore"), Optional.ofNullable(rs.getString("krediterer")),
                rs.getObject("utferda", LocalDate.class),
                Optional.ofNullable(rs.getObject("forfall", LocalDate.class)), rs.getString("melding_id"));
    }

    private static Use use(ResultSet rs, int row) throws SQLException {
        return new Use(rs.getString("id"), rs.getString("noekkel"), rs.getInt("aar"), rs.getString("orgnr"),
                rs.getString("skildring"), rs.getBigDecimal("timar"), rs.getLong("timesats_ore"),
                rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
