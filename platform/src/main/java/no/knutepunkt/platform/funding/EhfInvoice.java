package no.knutepunkt.platform.funding;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import javax.xml.XMLConstants;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import no.knutepunkt.platform.xml.XmlChars;
import no.knutepunkt.platform.xml.XmlOut;

/**
 * Writes a payer's invoice as an EHF invoice: a UBL 2.1 {@code Invoice}, or {@code CreditNote}, following Peppol BIS
 * Billing 3.0 (CustomizationID {@value #CUSTOMIZATION_ID}, ProfileID {@value #PROFILE_ID}), in NOK, with the
 * organisation numbers as Peppol endpoints and legal identifiers (scheme 0192, Enhetsregisteret).
 *
 * <p><b>VAT.</b> The seller, the host municipality of the secretariat (Bergen kommune), invoices the other
 * municipalities their share of the costs of a cooperation between municipalities. Such a cost share is not a sale of
 * services and lies outside the scope of the Norwegian VAT act, so every line and the VAT breakdown use VAT category
 * {@code O} ("services outside scope of tax") with VAT amount 0.00 and the exemption reason
 * {@value #TAX_EXEMPTION_REASON}. As rule BR-O-02 requires for category O, neither seller nor buyer carries a VAT
 * identifier ({@code PartyTaxScheme} with scheme VAT); the Norwegian rule NO-R-001 (a Norwegian seller's VAT
 * identifier must be {@code NO} + orgnr + {@code MVA}) therefore does not apply. The Norwegian rule NO-R-002 is a
 * warning asking Norwegian sellers for the text "Foretaksregisteret" ({@code PartyTaxScheme} with scheme TAX); the
 * law behind it (foretaksregisterloven § 10-2) binds limited companies and branches of foreign companies, not a
 * municipality, which is registered in Enhetsregisteret and not in Foretaksregisteret, so the text is deliberately
 * left out and validation reports that one warning.
 *
 * <p>Each line of the payer's invoice becomes one invoice line with quantity 1 (unit code {@code EA}) and price equal
 * to the amount; amounts are written with two decimals directly from øre. An invoice has a due date
 * ({@code cbc:DueDate}); a credit note, which UBL 2.1 gives no due date, refers to the invoice it credits with
 * {@code BillingReference} and says so in its payment terms. The XML is UTF-8, built with DOM, so all text is escaped.
 */
public final class EhfInvoice {
    public static final String CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
    public static final String PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
    public static final String TAX_EXEMPTION_REASON = "Kostnadsdeling mellom kommunar, utanfor meirverdiavgiftslova";
    /** Peppol participant and legal identifier scheme of Norwegian organisation numbers. */
    public static final String SCHEME_ORGNR = "0192";
    public static final String CURRENCY = "NOK";
    /** UNCL4461 payment means code of a credit transfer. */
    public static final String CREDIT_TRANSFER = "30";

    static final String NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
    static final String NS_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
    static final String NS_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
    static final String NS_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

    private EhfInvoice() {
    }

    /**
     * A UBL 2.1 Invoice, or CreditNote when {@code credit} is true, for one payer's invoice, valid by the Peppol BIS
     * Billing 3.0 rules.
     *
     * @param invoiceNumber         the number of this invoice or credit note
     * @param issueDate             the issue date
     * @param dueDate               the due date of an invoice; must be {@code null} for a credit note
     * @param seller                the invoicing party (the host municipality of the secretariat)
     * @param buyer                 the payer; its orgnr must be the payer's of {@code invoice}
     * @param invoice               what is invoiced
     * @param buyerReference        the buyer's reference (Peppol requires it, or an order reference)
     * @param credit                true for a credit note crediting {@code originalInvoiceNumber}
     * @param originalInvoiceNumber the invoice credited (required for a credit note), or for an invoice an optional
     *                              preceding invoice
     * @return the XML document, UTF-8
     * @throws IllegalArgumentException when a required value is missing or blank, the buyer is not the payer, or a
     *                                  text contains a character XML 1.0 cannot carry
     */
    public static byte[] invoice(String invoiceNumber, LocalDate issueDate, LocalDate dueDate, Party seller, Party buyer,
                                 PayerInvoice invoice, String buyerReference, boolean credit,
                                 String originalInvoiceNumber) {
        return invoice(invoiceNumber, issueDate, dueDate, seller, null, buyer, invoice, buyerReference, credit,
                originalInvoiceNumber);
    }

    /**
     * As {@link #invoice(String, LocalDate, LocalDate, Party, Party, PayerInvoice, String, boolean, String)}, and on
     * an invoice the seller's bank account to pay to: {@code PaymentMeans} with code {@value #CREDIT_TRANSFER} (credit
     * transfer), the invoice number as the payment's reference ({@code PaymentID}) and the account as
     * {@code PayeeFinancialAccount}. A credit note is not paid, so it carries no payment means.
     *
     * @param sellerAccount the seller's Norwegian bank account number, 11 digits ({@link BankAccount}), or
     *                      {@code null} for none
     * @throws IllegalArgumentException also when the account number is not a valid Norwegian account number
     */
    public static byte[] invoice(String invoiceNumber, LocalDate issueDate, LocalDate dueDate, Party seller,
                                 String sellerAccount, Party buyer, PayerInvoice invoice, String buyerReference,
                                 boolean credit, String originalInvoiceNumber) {
        if (sellerAccount != null && !BankAccount.isValid(sellerAccount)) {
            throw new IllegalArgumentException("'" + sellerAccount + "' is not a valid Norwegian bank account number"
                    + " (11 digits, MOD11)");
        }
        requireText(invoiceNumber, "invoiceNumber");
        Objects.requireNonNull(issueDate, "issueDate");
        Objects.requireNonNull(seller, "seller");
        Objects.requireNonNull(buyer, "buyer");
        Objects.requireNonNull(invoice, "invoice");
        requireText(buyerReference, "buyerReference");
        if (credit) {
            requireText(originalInvoiceNumber, "originalInvoiceNumber (the invoice a credit note credits)");
            if (dueDate != null) {
                throw new IllegalArgumentException("a credit note has no due date, but " + dueDate + " was given");
            }
        } else {
            Objects.requireNonNull(dueDate, "dueDate");
            if (originalInvoiceNumber != null) {
                requireText(originalInvoiceNumber, "originalInvoiceNumber");
            }
        }
        if (!buyer.orgnr().equals(invoice.payerOrgnr())) {
            throw new IllegalArgumentException("the buyer " + buyer.orgnr() + " is not the payer "
                    + invoice.payerOrgnr() + " of the invoice");
        }
        return new Writer(credit).write(invoiceNumber, issueDate, dueDate, seller, credit ? null : sellerAccount, buyer,
                invoice, buyerReference, originalInvoiceNumber);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    /** Builds one document. */
    private static final class Writer {
        private final boolean credit;
        private final Document doc;

        Writer(boolean credit) {
            this.credit = credit;
            this.doc = XmlOut.newDocument();
        }

        byte[] write(String number, LocalDate issueDate, LocalDate dueDate, Party seller, String sellerAccount,
                     Party buyer, PayerInvoice invoice, String buyerReference, String originalInvoiceNumber) {
            Element root = doc.createElementNS(credit ? NS_CREDIT_NOTE : NS_INVOICE, credit ? "CreditNote" : "Invoice");
            root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:cac", NS_CAC);
            root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:cbc", NS_CBC);
            doc.appendChild(root);

            cbc(root, "CustomizationID", CUSTOMIZATION_ID);
            cbc(root, "ProfileID", PROFILE_ID);
            cbc(root, "ID", number);
            cbc(root, "IssueDate", issueDate.toString());
            if (credit) {
                cbc(root, "CreditNoteTypeCode", "381");
            } else {
                cbc(root, "DueDate", dueDate.toString());
                cbc(root, "InvoiceTypeCode", "380");
            }
            cbc(root, "Note", "Gjeld " + coveredNames(invoice));
            cbc(root, "DocumentCurrencyCode", CURRENCY);
            cbc(root, "BuyerReference", buyerReference);
            if (originalInvoiceNumber != null) {
                cbc(cac(cac(root, "BillingReference"), "InvoiceDocumentReference"), "ID", originalInvoiceNumber);
            }
            party(cac(root, "AccountingSupplierParty"), seller);
            party(cac(root, "AccountingCustomerParty"), buyer);
            if (sellerAccount != null) {
                Element means = cac(root, "PaymentMeans");
                cbc(means, "PaymentMeansCode", CREDIT_TRANSFER);
                cbc(means, "PaymentID", number);
                cbc(cac(means, "PayeeFinancialAccount"), "ID", sellerAccount);
            }
            cbc(cac(root, "PaymentTerms"), "Note", credit
                    ? "Kreditnota for faktura " + originalInvoiceNumber + ", til frådrag"
                    : "Forfall " + dueDate);

            Element taxTotal = cac(root, "TaxTotal");
            amount(taxTotal, "TaxAmount", 0);
            Element subtotal = cac(taxTotal, "TaxSubtotal");
            amount(subtotal, "TaxableAmount", invoice.totalOre());
            amount(subtotal, "TaxAmount", 0);
            Element category = cac(subtotal, "TaxCategory");
            cbc(category, "ID", "O");
            cbc(category, "TaxExemptionReason", TAX_EXEMPTION_REASON);
            cbc(cac(category, "TaxScheme"), "ID", "VAT");

            Element totals = cac(root, "LegalMonetaryTotal");
            amount(totals, "LineExtensionAmount", invoice.totalOre());
            amount(totals, "TaxExclusiveAmount", invoice.totalOre());
            amount(totals, "TaxInclusiveAmount", invoice.totalOre());
            amount(totals, "PayableAmount", invoice.totalOre());

            int id = 0;
            for (InvoiceLine line : invoice.lines()) {
                Element l = cac(root, credit ? "CreditNoteLine" : "InvoiceLine");
                cbc(l, "ID", Integer.toString(++id));
                cbc(l, "Note", "Gjeld " + line.memberName() + " (" + line.memberOrgnr() + ")");
                // quantity 1 and price = amount; a negative amount becomes quantity -1, as a price must not be negative
                Element quantity = cbc(l, credit ? "CreditedQuantity" : "InvoicedQuantity",
                        line.amountOre() < 0 ? "-1" : "1");
                quantity.setAttribute("unitCode", "EA");
                amount(l, "LineExtensionAmount", line.amountOre());
                Element item = cac(l, "Item");
                cbc(item, "Name", line.description());
                Element lineCategory = cac(item, "ClassifiedTaxCategory");
                cbc(lineCategory, "ID", "O");
                cbc(cac(lineCategory, "TaxScheme"), "ID", "VAT");
                amount(cac(l, "Price"), "PriceAmount", Math.abs(line.amountOre()));
            }
            return XmlOut.serialise(doc);
        }

        private void party(Element parent, Party p) {
            Element party = cac(parent, "Party");
            cbc(party, "EndpointID", p.orgnr()).setAttribute("schemeID", SCHEME_ORGNR);
            cbc(cac(party, "PartyName"), "Name", p.name());
            Element address = cac(party, "PostalAddress");
            optional(address, "StreetName", p.street());
            optional(address, "CityName", p.city());
            optional(address, "PostalZone", p.postalCode());
            cbc(cac(address, "Country"), "IdentificationCode", "NO");
            Element legal = cac(party, "PartyLegalEntity");
            cbc(legal, "RegistrationName", p.name());
            cbc(legal, "CompanyID", p.orgnr()).setAttribute("schemeID", SCHEME_ORGNR);
        }

        private static String coveredNames(PayerInvoice invoice) {
            Map<String, String> names = new LinkedHashMap<>();
            for (InvoiceLine line : invoice.lines()) {
                names.putIfAbsent(line.memberOrgnr(), line.memberName());
            }
            StringBuilder text = new StringBuilder();
            for (String orgnr : invoice.membersCovered()) {
                if (text.length() > 0) {
                    text.append(", ");
                }
                text.append(names.getOrDefault(orgnr, orgnr)).append(" (").append(orgnr).append(')');
            }
            return text.toString();
        }

        private void optional(Element parent, String name, String value) {
            if (value != null && !value.isBlank()) {
                cbc(parent, name, value.strip());
            }
        }

        private Element amount(Element parent, String name, long ore) {
            Element e = cbc(parent, name, Amounts.decimal(ore));
            e.setAttribute("currencyID", CURRENCY);
            return e;
        }

        private Element cac(Element parent, String name) {
            Element e = doc.createElementNS(NS_CAC, "cac:" + name);
            parent.appendChild(e);
            return e;
        }

        private Element cbc(Element parent, String name, String text) {
            XmlChars.check(text, name);
            Element e = doc.createElementNS(NS_CBC, "cbc:" + name);
            e.setTextContent(text);
            parent.appendChild(e);
            return e;
        }
    }
}
