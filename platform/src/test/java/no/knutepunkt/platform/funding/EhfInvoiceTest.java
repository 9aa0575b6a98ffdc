package no.knutepunkt.platform.funding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import no.knutepunkt.platform.funding.PeppolBisRules.Finding;
import no.knutepunkt.platform.funding.PeppolBisRules.Report;

/**
 * Validates the EHF documents with phive against the official Peppol BIS Billing 3.0 rules (the newest release in
 * phive-rules-peppol: XML Schema of UBL 2.1, the CEN EN 16931 rules and the Peppol rules with the national ones);
 * see {@link PeppolBisRules} for how the layers are run. The rules are loaded and compiled once for the class.
 */
class EhfInvoiceTest {
    static final Party SELLER = new Party(Vestland.BERGEN, "Bergen kommune", "Rådhusgaten 10", "5014", "Bergen");
    static final LocalDate ISSUED = LocalDate.of(2021, 3, 1);
    static final LocalDate DUE = LocalDate.of(2021, 3, 31);

    static PeppolBisRules invoiceRules;
    static PeppolBisRules creditNoteRules;
    static FundingTable table;

    @BeforeAll
    static void buildTheRulesOnce() {
        PeppolBisRules[] rules = PeppolBisRules.invoiceAndCreditNote();
        invoiceRules = rules[0];
        creditNoteRules = rules[1];
        assertThat(invoiceRules.id()).isEqualTo("eu.peppol.bis3:invoice:2025.5");
        assertThat(creditNoteRules.id()).isEqualTo("eu.peppol.bis3:creditnote:2025.5");
        assertThat(invoiceRules.layerCount()).isEqualTo(3);
        System.out.println("Validating against " + invoiceRules.id() + " (" + invoiceRules.executorSet.getDisplayName()
                + ") and " + creditNoteRules.id());
        table = FundingModel.compute(Vestland.agreement(), Vestland.members().all(), List.of());
    }

    static Party buyer(PayerInvoice invoice) {
        return new Party(invoice.payerOrgnr(), invoice.payerName() + " kommune", null, null, null);
    }

    static byte[] invoiceXml(int number, PayerInvoice invoice) {
        return EhfInvoice.invoice(String.format("DV-2021-%03d", number), ISSUED, DUE, SELLER, buyer(invoice), invoice,
                "Digi Vestland 2021", false, null);
    }

    static Document parse(byte[] xml) {
        return PeppolBisRules.parse(xml);
    }

    static byte[] serialize(Document doc) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TransformerFactory.newDefaultInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String describe(List<Finding> findings) {
        StringBuilder text = new StringBuilder();
        for (Finding f : findings) {
            text.append("\n  ").append(f);
        }
        return text.toString();
    }

    /** Asserts that every layer of the rules ran and none reported an error; returns the warnings. */
    static List<Finding> assertValid(PeppolBisRules rules, byte[] xml, String what) {
        Report report = rules.validate(xml);
        assertThat(report.containsAtLeastOneError())
                .as("%s has errors:%s%n%s", what, describe(report.errors()), new String(xml, StandardCharsets.UTF_8))
                .isFalse();
        assertThat(report.layersRun()).as("every layer ran").hasSize(rules.layerCount());
        return report.warnings();
    }

    @Test
    void everyInvoiceOfTheYearIsValidPeppolBisBilling3() {
        assertThat(table.invoices()).hasSize(37);
        Map<String, Integer> warnings = new TreeMap<>();
        int number = 0;
        for (PayerInvoice invoice : table.invoices()) {
            byte[] xml = invoiceXml(++number, invoice);
            for (Finding warning : assertValid(invoiceRules, xml, "invoice to " + invoice.payerName())) {
                warnings.merge(warning.id(), 1, Integer::sum);
            }
        }
        System.out.println("37 invoices valid by " + invoiceRules.id() + ", no errors; "
                + warnings.values().stream().mapToInt(Integer::intValue).sum() + " warnings " + warnings);
    }

    @Test
    void aCreditNoteIsValidToo() {
        PayerInvoice joint = table.invoiceTo(Vestland.ALVER).orElseThrow();
        byte[] xml = EhfInvoice.invoice("DV-2021-K001", LocalDate.of(2021, 4, 1), null, SELLER, buyer(joint), joint,
                "Digi Vestland 2021", true, "DV-2021-007");

        List<Finding> warnings = assertValid(creditNoteRules, xml, "credit note");
        System.out.println("credit note valid by " + creditNoteRules.id() + ", no errors; "
                + warnings.size() + " warnings" + describe(warnings));

        Element root = parse(xml).getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("CreditNote");
        assertThat(root.getNamespaceURI()).isEqualTo(EhfInvoice.NS_CREDIT_NOTE);
        assertThat(text(root, "CreditNoteTypeCode")).containsExactly("381");
        assertThat(text(root, "ID")).contains("DV-2021-K001", "DV-2021-007");
        assertThat(root.getElementsByTagNameNS(EhfInvoice.NS_CAC, "CreditNoteLine").getLength()).isEqualTo(6);
        assertThat(root.getElementsByTagNameNS(EhfInvoice.NS_CBC, "DueDate").getLength()).isZero();
    }

    @Test
    void anInvoiceWithTheSellersAccountSaysHowToPayAndIsValid() {
        PayerInvoice joint = table.invoiceTo(Vestland.ALVER).orElseThrow();
        byte[] xml = EhfInvoice.invoice("DV-2021-007", ISSUED, DUE, SELLER, "15061234567", buyer(joint), joint,
                "Digi Vestland 2021", false, null);

        assertValid(invoiceRules, xml, "invoice with payment means");
        Element root = parse(xml).getDocumentElement();
        Element means = elements(root, EhfInvoice.NS_CAC, "PaymentMeans").get(0);
        assertThat(text(means, "PaymentMeansCode")).containsExactly("30");
        assertThat(text(means, "PaymentID")).containsExactly("DV-2021-007");
        assertThat(text(means, "ID")).containsExactly("15061234567");
    }

    @Test
    void aCreditNoteCarriesNoPaymentMeansAndAnInvalidAccountIsRefused() {
        PayerInvoice joint = table.invoiceTo(Vestland.ALVER).orElseThrow();
        byte[] credit = EhfInvoice.invoice("DV-2021-008", ISSUED, null, SELLER, "15061234567", buyer(joint), joint,
                "Digi Vestland 2021", true, "DV-2021-007");
        assertValid(creditNoteRules, credit, "credit note given an account");
        assertThat(elements(parse(credit).getDocumentElement(), EhfInvoice.NS_CAC, "PaymentMeans")).isEmpty();

        assertThatThrownBy(() -> EhfInvoice.invoice("DV-2021-007", ISSUED, DUE, SELLER, "15061234568", buyer(joint),
                joint, "Digi Vestland 2021", false, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("15061234568");
    }

    @Test
    void theJointInvoiceCarriesTheRightFields() {
        PayerInvoice joint = table.invoiceTo(Vestland.ALVER).orElseThrow();
        Element root = parse(invoiceXml(7, joint)).getDocumentElement();

        assertThat(root.getLocalName()).isEqualTo("Invoice");
        assertThat(text(root, "CustomizationID")).containsExactly(EhfInvoice.CUSTOMIZATION_ID);
        assertThat(text(root, "ProfileID")).containsExactly(EhfInvoice.PROFILE_ID);
        assertThat(text(root, "InvoiceTypeCode")).containsExactly("380");
        assertThat(text(root, "DocumentCurrencyCode")).containsExactly("NOK");
        assertThat(text(root, "BuyerReference")).containsExactly("Digi Vestland 2021");
        assertThat(text(root, "DueDate")).containsExactly("2021-03-31");
        List<Element> endpoints = elements(root, EhfInvoice.NS_CBC, "EndpointID");
        assertThat(endpoints).extracting(Element::getTextContent).containsExactly(Vestland.BERGEN, Vestland.ALVER);
        assertThat(endpoints).extracting(e -> e.getAttribute("schemeID")).containsOnly("0192");
        assertThat(elements(root, EhfInvoice.NS_CBC, "CompanyID")).extracting(e -> e.getAttribute("schemeID"))
                .containsExactly("0192", "0192");
        assertThat(elements(root, EhfInvoice.NS_CAC, "PartyTaxScheme")).isEmpty();
        assertThat(text(root, "PayableAmount")).containsExactly("1155460.00");
        assertThat(text(root, "TaxAmount")).containsOnly("0.00");
        assertThat(text(root, "TaxExemptionReason")).containsExactly(EhfInvoice.TAX_EXEMPTION_REASON);
        List<Element> lines = elements(root, EhfInvoice.NS_CAC, "InvoiceLine");
        assertThat(lines).hasSize(6);
        assertThat(text(root, "InvoicedQuantity")).containsOnly("1");
        assertThat(elements(root, EhfInvoice.NS_CBC, "InvoicedQuantity")).extracting(e -> e.getAttribute("unitCode"))
                .containsOnly("EA");
        assertThat(text(root, "PriceAmount"))
                .containsExactly("107660.00", "500000.00", "157340.00", "111000.00", "133320.00", "146140.00");
    }

    @Test
    void textIsEscaped() {
        PayerInvoice invoice = table.invoiceTo(Vestland.ALVER).orElseThrow();
        Party buyer = new Party(Vestland.ALVER, "Alver kommune <Økonomi & \"Rekneskap\">", "Postboks 4", "5906", "Frekhaug");
        byte[] xml = EhfInvoice.invoice("DV-2021-007", ISSUED, DUE, SELLER, buyer, invoice, "A&B <ref>", false, null);

        Element root = parse(xml).getDocumentElement();
        assertThat(text(root, "RegistrationName")).contains("Alver kommune <Økonomi & \"Rekneskap\">");
        assertThat(text(root, "BuyerReference")).containsExactly("A&B <ref>");
        assertValid(invoiceRules, xml, "invoice with markup in its texts");
        assertThatThrownBy(() -> EhfInvoice.invoice("DV-1", ISSUED, DUE, SELLER, buyer, invoice, "ref\u0001", false,
                null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBrokenEndpointSchemeIsReportedAsAnError() {
        PayerInvoice invoice = table.invoiceTo(Vestland.ALVER).orElseThrow();
        Document doc = parse(invoiceXml(7, invoice));
        elements(doc.getDocumentElement(), EhfInvoice.NS_CBC, "EndpointID").get(1).setAttribute("schemeID", "9999");

        Report report = invoiceRules.validate(serialize(doc));

        assertThat(report.containsAtLeastOneError()).isTrue();
        assertThat(report.errors()).extracting(Finding::id).contains("BR-CL-25");
        System.out.println("broken endpoint scheme:" + describe(report.errors()));
    }

    @Test
    void aTotalThatDoesNotMatchTheLinesIsReportedAsAnError() {
        PayerInvoice invoice = table.invoiceTo(Vestland.ALVER).orElseThrow();
        Document doc = parse(invoiceXml(7, invoice));
        Element firstLine = elements(doc.getDocumentElement(), EhfInvoice.NS_CAC, "InvoiceLine").get(0);
        Element amount = elements(firstLine, EhfInvoice.NS_CBC, "LineExtensionAmount").get(0);
        amount.setTextContent("107661.00");

        Report report = invoiceRules.validate(serialize(doc));

        List<Finding> errors = report.errors();
        assertThat(report.containsAtLeastOneError()).isTrue();
        assertThat(errors).extracting(Finding::id).contains("BR-CO-10");
        System.out.println("total not matching the lines:" + describe(errors));
    }

    @Test
    void aMissingBuyerReferenceIsReportedByThePeppolLayer() {
        PayerInvoice invoice = table.invoiceTo(Vestland.ALVER).orElseThrow();
        Document doc = parse(invoiceXml(7, invoice));
        Element reference = elements(doc.getDocumentElement(), EhfInvoice.NS_CBC, "BuyerReference").get(0);
        reference.getParentNode().removeChild(reference);

        Report report = invoiceRules.validate(serialize(doc));

        // the XML Schema and the CEN rules pass; the Peppol rules require a buyer or an order reference
        assertThat(report.layersRun()).hasSize(3);
        assertThat(report.errors()).extracting(Finding::id).containsExactly("PEPPOL-EN16931-R003");
    }

    @Test
    void theBuyerMustBeThePayerAndACreditNoteMustReferToAnInvoice() {
        PayerInvoice invoice = table.invoiceTo(Vestland.ALVER).orElseThrow();
        assertThatThrownBy(() -> EhfInvoice.invoice("DV-1", ISSUED, DUE, SELLER, SELLER, invoice, "ref", false, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the payer");
        assertThatThrownBy(() -> EhfInvoice.invoice("DV-1", ISSUED, null, SELLER, buyer(invoice), invoice, "ref", true,
                null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("originalInvoiceNumber");
        assertThatThrownBy(() -> EhfInvoice.invoice("DV-1", ISSUED, DUE, SELLER, buyer(invoice), invoice, " ", false,
                null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buyerReference");
    }

    private static List<String> text(Element root, String cbcName) {
        return elements(root, EhfInvoice.NS_CBC, cbcName).stream().map(Element::getTextContent).toList();
    }

    private static List<Element> elements(Element root, String ns, String name) {
        var nodes = root.getElementsByTagNameNS(ns, name);
        List<Element> result = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            result.add((Element) nodes.item(i));
        }
        return result;
    }
}
