package no.knutepunkt.connectors.peppol;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;
import no.knutepunkt.connectors.Connector;
import no.knutepunkt.connectors.Delivery;
import no.knutepunkt.connectors.DeliveryException;
import no.knutepunkt.connectors.DeliveryResult;
import no.knutepunkt.platform.xml.SecureXml;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Delivery of EHF invoices (Peppol BIS Billing 3.0, UBL 2.1) through a Peppol access point's REST
 * API ({@link PeppolClient}). The payload as the sender signed it ({@link Delivery#content()}, in
 * the clear) goes to the access point unaltered; the encrypted payload is never asked for.
 *
 * <p>Assumptions:
 * <ul>
 *   <li>The access point offers {@code POST {base}/api/v1/outbound} as described at
 *       {@link PeppolClient}, as Norwegian access points do; that API is the access point's, not a
 *       Peppol specification, and it is the access point that looks up the receiver in the SML/SMP
 *       and transmits by AS4.</li>
 *   <li>Sender and receiver are Norwegian organisations addressed by their organisation number in
 *       ICD scheme 0192 (without the {@code iso6523-actorid-upis::} scheme prefix). The Peppol
 *       sender is the document's seller, its {@code AccountingSupplierParty} endpoint: the hub
 *       transmits on the seller's behalf, and the message's avsender (the hub, for the invoices it
 *       issues) is not a Peppol participant. The receiver is the delivery's mottaker,
 *       {@code X-Peppol-Receiver: 0192:<mottaker>}, and the document's
 *       {@code AccountingCustomerParty} endpoint must be that same orgnr in scheme 0192: an
 *       invoice addressed to one buyer is never transmitted to another. A mottaker or seller
 *       endpoint that is not nine digits in scheme 0192, or a buyer endpoint that is not the
 *       mottaker, is a permanent failure and no request is made.</li>
 *   <li>The document type follows the XML's root element: {@code Invoice} in
 *       {@value #INVOICE_NAMESPACE} gives {@value #INVOICE_DOCUMENT_TYPE}, {@code CreditNote} in
 *       {@value #CREDIT_NOTE_NAMESPACE} gives {@value #CREDIT_NOTE_DOCUMENT_TYPE}; the process is
 *       always {@value #BILLING_PROCESS}. The message type and file name are not looked at. The
 *       XML is read with {@link SecureXml} (DTDs refused, nothing external loaded). A payload that
 *       is not well-formed XML, has a DOCTYPE, or has any other root is a permanent failure and no
 *       request is made.</li>
 *   <li>The document is not validated against the UBL schema or the BIS 3.0 rules: that is the
 *       access point's validation, and its refusal (4xx) is a permanent failure.</li>
 *   <li>{@code Idempotency-Key: <meldingId>/<mottaker>} is the same for every attempt at a
 *       delivery, so a retry after a timeout or 5xx can be recognised by an access point that
 *       honours the key.</li>
 *   <li>A 2xx answer means the access point has taken the document. Its
 *       {@code {"transmissionId": "..."}} is recorded as {@code Peppol transmission <id>}; a 2xx
 *       answer without one is still delivered, recorded as {@value #UNKNOWN_TRANSMISSION}.</li>
 * </ul>
 */
public final class PeppolConnector implements Connector {
    public static final String NAME = "peppol";
    /** The ICD of Norwegian organisation numbers (Enhetsregisteret). */
    public static final String ORGNR_SCHEME = "0192";
    public static final String INVOICE_NAMESPACE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
    public static final String CREDIT_NOTE_NAMESPACE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
    public static final String INVOICE_DOCUMENT_TYPE =
            "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice"
                    + "##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1";
    public static final String CREDIT_NOTE_DOCUMENT_TYPE =
            "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2::CreditNote"
                    + "##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1";
    public static final String BILLING_PROCESS = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
    static final String UNKNOWN_TRANSMISSION = "Peppol transmission id unknown";
    static final String CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
    static final String CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
    private static final Pattern ORGNR = Pattern.compile("[0-9]{9}");

    private final PeppolClient client;

    public PeppolConnector(PeppolClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DeliveryResult deliver(Delivery delivery) throws DeliveryException {
        String receiver = participant("mottaker", delivery.mottaker());
        byte[] content = delivery.content().bytes();
        Element root = root(content);
        String documentType = documentType(root);
        String sender = participant("seller endpoint (AccountingSupplierParty)",
                endpoint(root, "AccountingSupplierParty"));
        String buyer = participant("buyer endpoint (AccountingCustomerParty)", endpoint(root, "AccountingCustomerParty"));
        if (!buyer.equals(receiver)) {
            throw DeliveryException.permanent("the document is addressed to the buyer " + buyer
                    + " but the delivery goes to " + receiver + "; it is not transmitted to anyone else");
        }

        Optional<String> transmissionId = client.send(sender, receiver, documentType, BILLING_PROCESS,
                delivery.meldingId() + "/" + delivery.mottaker(), content);

        return DeliveryResult.delivered(transmissionId.map(id -> "Peppol transmission " + id)
                .orElse(UNKNOWN_TRANSMISSION));
    }

    /** {@code 0192:<orgnr>}; anything but nine digits is permanent. */
    static String participant(String role, String orgnr) throws DeliveryException {
        if (orgnr == null || !ORGNR.matcher(orgnr).matches()) {
            throw DeliveryException.permanent("the " + role + " " + (orgnr == null ? "(none)" : "'" + orgnr + "'")
                    + " is no Norwegian organisation number; cannot address it in Peppol scheme " + ORGNR_SCHEME);
        }
        return ORGNR_SCHEME + ":" + orgnr;
    }

    /**
     * The orgnr of a party's {@code cac:Party/cbc:EndpointID} under the root's {@code cac:<party>}, or null when it is
     * missing; an endpoint in another scheme than 0192 is permanent.
     */
    static String endpoint(Element root, String party) throws DeliveryException {
        Element endpoint = child(child(child(root, CAC, party), CAC, "Party"), CBC, "EndpointID");
        if (endpoint == null) {
            return null;
        }
        String scheme = endpoint.getAttribute("schemeID");
        if (!ORGNR_SCHEME.equals(scheme)) {
            throw DeliveryException.permanent("the " + party + " endpoint is in scheme '" + scheme + "', not "
                    + ORGNR_SCHEME + " (Norwegian organisation numbers)");
        }
        return endpoint.getTextContent().strip();
    }

    private static Element child(Element parent, String namespace, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && namespace.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    /** The document's root element; a payload that is no XML without DOCTYPE is permanent. */
    static Element root(byte[] xml) throws DeliveryException {
        if (xml == null || xml.length == 0) {
            throw DeliveryException.permanent("the payload is empty, not a UBL Invoice or CreditNote");
        }
        try {
            return SecureXml.parse(xml).getDocumentElement();
        } catch (SAXException | IOException e) {
            throw DeliveryException.permanent("the payload is not a UBL Invoice or CreditNote: it cannot be read as XML"
                    + " without a DOCTYPE (" + e.getMessage() + ")");
        }
    }

    /** The Peppol document type of a UBL Invoice or CreditNote; any other root is permanent. */
    static String documentType(Element root) throws DeliveryException {
        String namespace = root.getNamespaceURI();
        String name = root.getLocalName();
        if (INVOICE_NAMESPACE.equals(namespace) && "Invoice".equals(name)) {
            return INVOICE_DOCUMENT_TYPE;
        }
        if (CREDIT_NOTE_NAMESPACE.equals(namespace) && "CreditNote".equals(name)) {
            return CREDIT_NOTE_DOCUMENT_TYPE;
        }
        throw DeliveryException.permanent("the payload is not a UBL Invoice or CreditNote: its root is "
                + (namespace == null ? "" : "{" + namespace + "}") + name);
    }
}
