package no.knutepunkt.hub.secretariat.invoicing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.knutepunkt.hub.api.DeliveryView;

/**
 * How the invoicing API shows runs, invoices and resource use. Every amount is given twice: {@code nameOre} in øre
 * (an integer) and {@code name} in kroner with two decimals ({@code "10370720.00"}, see {@link #kroner(long)}).
 * Optional members are left out when absent.
 */
public final class InvoicingViews {
    private InvoicingViews() {
    }

    /** Øre as kroner with two decimals. */
    static String kroner(long ore) {
        return BigDecimal.valueOf(ore, 2).toPlainString();
    }

    /** What a dry run would issue. */
    public record DryRun(int year, boolean dryRun, boolean correction, List<Planned> invoices, int count,
                         @JsonUnwrapped Totals totals, long grandTotalOre, String grandTotal,
                         List<SelfFinancing> selfFinancing,
                         @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Need> need,
                         @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Earlier> alreadyInvoiced) {
    }

    /** A self-financing member; its percent and amount only when the year's need is known. */
    public record SelfFinancing(String orgnr, String name,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Integer percent,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Long amountOre,
                                @JsonInclude(JsonInclude.Include.NON_NULL) String amount) {
    }

    public record Need(long totalOre, String total, long remainingOre, String remaining, long balanceOre, String balance) {
        Need(long total, long remaining, long balance) {
            this(total, kroner(total), remaining, kroner(remaining), balance, kroner(balance));
        }
    }

    /** The run that already invoiced the year. */
    public record Earlier(String runId, String createdAt) {
    }

    /** An invoice or credit note a run would issue. */
    public record Planned(String kind, @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> credits, Party payer,
                          List<Party> membersCovered, List<Line> lines, long totalOre, String total) {
    }

    public record Line(String orgnr, String name, String description, long amountOre, String amount) {
    }

    public record Party(String orgnr, String name) {
    }

    public record Totals(long invoicedOre, String invoiced, long creditedOre, String credited, long netOre, String net) {
        Totals(long invoiced, long credited) {
            this(invoiced, kroner(invoiced), credited, kroner(credited), invoiced - credited,
                    kroner(invoiced - credited));
        }
    }

    /** A run as listed. */
    public record Summary(String id, int year, boolean correction, int correctionNumber, String createdBy, String createdAt,
                          int count, Map<String, Integer> counts, @JsonUnwrapped Totals totals) {
    }

    /** A run with its invoices. */
    public record Run(@JsonUnwrapped Summary summary, List<Invoice> invoices) {
    }

    /** An issued invoice or credit note; its delivery only when the run is asked for by itself. */
    public record Invoice(String number, String kind, @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> credits,
                          Party payer, long totalOre, String total, String issueDate,
                          @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> dueDate, String meldingId,
                          String status, String xml,
                          @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<DeliveryView> delivery) {
    }

    public record Use(String id, String noekkel, int year, String orgnr, String description, String hours, long rateOre,
                      String rate, long amountOre, String amount, String createdBy, String createdAt) {
    }
}
