package no.knutepunkt.platform.funding;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import no.knutepunkt.platform.member.Member;

/**
 * The base funding model of section 4 of the cooperation agreement ("grunnfinansiering"): every member pays a fixed
 * amount plus an amount per inhabitant, at most a maximum; resources a member takes from the shared competence centre
 * are invoiced to it on top. Members that finance themselves (Bergen) get no invoice; the members of an IT cooperation
 * with a joint payer (IKT Nordhordland, paid by Alver) are invoiced together, on one invoice to the joint payer with one
 * line per member.
 *
 * <p>All amounts are whole øre in {@code long}, computed with exact integer arithmetic (an overflow throws);
 * no floating point is used anywhere.
 */
public final class FundingModel {

    private FundingModel() {
    }

    /** The base share of one member in øre: {@code min(max, fixed + perInhabitant × inhabitants)}. */
    public static long baseShareOre(FundingParameters p, Member m) {
        return Math.min(p.maxPerMemberOre(), uncappedShareOre(p, m));
    }

    private static long uncappedShareOre(FundingParameters p, Member m) {
        return Math.addExact(p.fixedPerMemberOre(), Math.multiplyExact(p.perInhabitantOre(), (long) m.inhabitants()));
    }

    /**
     * The invoices of the year, one per payer.
     *
     * <ul>
     *   <li>A member pays for itself, unless it is self-financing (then nobody is invoiced for its base share) or it is
     *       part of an IT cooperation that has a joint payer (then the joint payer is invoiced, with one base line per
     *       member of the cooperation).</li>
     *   <li>A resource use is added to the invoice of whoever pays for that member, after that member's base line.</li>
     *   <li>Invoices come in the order of their payers in {@code members}; on an invoice, members come in the order of
     *       {@code members}, each with its base line first and then its resource uses in the order of {@code use}.</li>
     * </ul>
     *
     * @throws IllegalArgumentException when an organisation number occurs twice among the members; a self-financing
     *                                  member or joint payer is not a member; a joint payer is self-financing; no member
     *                                  belongs to a cooperation that has a joint payer (a misspelt name); or a resource
     *                                  use is by a non-member or by a self-financing member (there is nobody to invoice)
     */
    public static FundingTable compute(FundingParameters p, Collection<Member> members, List<ResourceUse> use) {
        Objects.requireNonNull(p, "p");
        Objects.requireNonNull(members, "members");
        Objects.requireNonNull(use, "use");
        Map<String, Member> byOrgnr = new LinkedHashMap<>();
        Map<String, Integer> position = new HashMap<>();
        for (Member m : members) {
            if (byOrgnr.putIfAbsent(m.orgnr(), m) != null) {
                throw new IllegalArgumentException("orgnr " + m.orgnr() + " occurs twice among the members");
            }
            position.put(m.orgnr(), position.size());
        }
        for (String orgnr : p.selfFinancingOrgnrs()) {
            if (!byOrgnr.containsKey(orgnr)) {
                throw new IllegalArgumentException("self-financing orgnr " + orgnr + " is not a member");
            }
        }
        for (Map.Entry<String, String> e : p.jointPayers().entrySet()) {
            String payer = e.getValue();
            if (!byOrgnr.containsKey(payer)) {
                throw new IllegalArgumentException("the joint payer " + payer + " of '" + e.getKey() + "' is not a member");
            }
            if (p.selfFinancingOrgnrs().contains(payer)) {
                throw new IllegalArgumentException("the joint payer " + payer + " of '" + e.getKey()
                        + "' is self-financing and is not invoiced");
            }
            boolean used = byOrgnr.values().stream().anyMatch(m -> m.itCooperation().equals(Optional.of(e.getKey())));
            if (!used) {
                throw new IllegalArgumentException("no member belongs to the IT cooperation '" + e.getKey()
                        + "' that has a joint payer");
            }
        }

        Map<String, List<ResourceUse>> useByMember = new HashMap<>();
        for (ResourceUse u : use) {
            if (!byOrgnr.containsKey(u.orgnr())) {
                throw new IllegalArgumentException("resource use by " + u.orgnr() + ", which is not a member: "
                        + u.description());
            }
            if (p.selfFinancingOrgnrs().contains(u.orgnr())) {
                throw new IllegalArgumentException("resource use by " + u.orgnr() + ", which is self-financing and"
                        + " is not invoiced: " + u.description());
            }
            useByMember.computeIfAbsent(u.orgnr(), k -> new ArrayList<>()).add(u);
        }

        Map<String, List<Member>> coveredByPayer = new HashMap<>();
        for (Member m : byOrgnr.values()) {
            payerOf(p, m).ifPresent(payer -> coveredByPayer.computeIfAbsent(payer, k -> new ArrayList<>()).add(m));
        }
        List<String> payers = new ArrayList<>(coveredByPayer.keySet());
        payers.sort(Comparator.comparing(position::get));

        List<PayerInvoice> invoices = new ArrayList<>();
        long grandTotal = 0;
        for (String payer : payers) {
            List<String> covered = new ArrayList<>();
            List<InvoiceLine> lines = new ArrayList<>();
            for (Member m : coveredByPayer.get(payer)) {
                covered.add(m.orgnr());
                lines.add(new InvoiceLine(m.orgnr(), m.name(), baseDescription(p, m), baseShareOre(p, m)));
                for (ResourceUse u : useByMember.getOrDefault(m.orgnr(), List.of())) {
                    lines.add(new InvoiceLine(m.orgnr(), m.name(), useDescription(m, u), u.amountOre()));
                }
            }
            PayerInvoice invoice = PayerInvoice.of(payer, byOrgnr.get(payer).name(), covered, lines);
            grandTotal = Math.addExact(grandTotal, invoice.totalOre());
            invoices.add(invoice);
        }
        return new FundingTable(p.year(), invoices, grandTotal);
    }

    /** Who pays for the member: itself, its cooperation's joint payer, or nobody when it is self-financing. */
    static Optional<String> payerOf(FundingParameters p, Member m) {
        if (p.selfFinancingOrgnrs().contains(m.orgnr())) {
            return Optional.empty();
        }
        return Optional.of(m.itCooperation().map(p.jointPayers()::get).orElse(m.orgnr()));
    }

    private static String baseDescription(FundingParameters p, Member m) {
        long uncapped = uncappedShareOre(p, m);
        String text = "Grunnfinansiering " + p.year() + ", " + m.name() + ": " + Amounts.kroner(p.fixedPerMemberOre())
                + " + " + Amounts.grouped(m.inhabitants()) + " innbyggjarar × " + Amounts.kroner(p.perInhabitantOre());
        if (uncapped > p.maxPerMemberOre()) {
            text += " = " + Amounts.kroner(uncapped) + ", avgrensa til maksimum " + Amounts.kroner(p.maxPerMemberOre());
        }
        return text;
    }

    private static String useDescription(Member m, ResourceUse u) {
        return "Uttak av ressursar frå felles kompetansemiljø, " + m.name() + ": " + u.description() + " ("
                + Amounts.number(u.hours()) + " t × " + Amounts.kroner(u.rateOrePerHour()) + ")";
    }
}
