package no.knutepunkt.connectors.noark5;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.namespace.QName;
import no.knutepunkt.connectors.noark5.Arkivmelding.EksternNoekkel;
import no.knutepunkt.platform.xml.XmlOut;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;

/**
 * Writes the Fiks Arkiv v1 {@code arkivmeldingKvittering} (schema
 * {@code no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering.xsd}) from the Noark 5
 * archive's answers. Built as a DOM and serialised, so every value is escaped; values the schema
 * would refuse (a number that is no xs:int, a date that is no xs:date, characters XML cannot
 * carry) are left out or dropped rather than written.
 */
final class ArkivmeldingKvittering {
    static final String NS = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/kvittering/v1";
    static final String MDK = Arkivmelding.MDK;
    static final String MELDINGTYPE = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering";
    static final String FILNAVN = "arkivmelding-kvittering.xml";
    private static final Pattern UUID = Pattern.compile(
            "[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}");
    private static final Pattern XML_ILLEGAL = Pattern.compile(
            "[^\\x09\\x0A\\x0D\\x20-\\x{D7FF}\\x{E000}-\\x{FFFD}\\x{10000}-\\x{10FFFF}]");

    /** One archived dokumentbeskrivelse with its dokumentobjekt, as the archive answered them. */
    record Dokument(JsonNode dokumentbeskrivelse, Optional<Integer> dokumentnummer, JsonNode dokumentobjekt) {
    }

    /** The archive's saksmappe, with the sender's ekstern nøkkel if the archive did not echo one. */
    record Saksmappe(JsonNode answer, Optional<EksternNoekkel> sentNoekkel) {
    }

    /** The archive's journalpost and its documents, with the sender's ekstern nøkkel. */
    record Journalpost(JsonNode answer, Optional<EksternNoekkel> sentNoekkel, List<Dokument> dokumenter) {
    }

    private final Document doc;

    private ArkivmeldingKvittering(Document doc) {
        this.doc = doc;
    }

    static boolean isUuid(String systemId) {
        return systemId != null && UUID.matcher(systemId).matches();
    }

    static byte[] write(Optional<Saksmappe> saksmappe, Optional<Journalpost> journalpost) {
        Document doc = XmlOut.newDocument();
        ArkivmeldingKvittering k = new ArkivmeldingKvittering(doc);
        Element root = doc.createElementNS(NS, "arkivmeldingKvittering");
        root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", NS);
        root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:n5mdk", MDK);
        root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:xsi", XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI);
        doc.appendChild(root);
        saksmappe.ifPresent(s -> k.mappeKvittering(root, s));
        journalpost.ifPresent(j -> k.registreringKvittering(root, j));
        return XmlOut.serialise(doc);
    }

    private void mappeKvittering(Element parent, Saksmappe saksmappe) {
        JsonNode a = saksmappe.answer();
        Element e = element(parent, "mappeKvittering");
        e.setAttributeNS(XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI, "xsi:type", "saksmappeKvittering");
        value(e, "systemID", text(a, "systemID").orElse(""));
        text(a, "mappeID").ifPresent(v -> value(e, "mappeID", v));
        dateTime(a, "opprettetDato").ifPresent(v -> value(e, "opprettetDato", v));
        text(a, "opprettetAv").ifPresent(v -> value(e, "opprettetAv", v));
        eksternNoekkel(a).or(saksmappe::sentNoekkel).ifPresent(n -> eksternNoekkel(e, n));
        value(e, "opprettetEllerEksisterende", "Opprettet");
        integer(a, "saksaar").ifPresent(v -> value(e, "saksaar", v));
        integer(a, "sakssekvensnummer").ifPresent(v -> value(e, "sakssekvensnummer", v));
        date(a, "saksdato").ifPresent(v -> value(e, "saksdato", v));
    }

    private void registreringKvittering(Element parent, Journalpost journalpost) {
        JsonNode a = journalpost.answer();
        Element e = element(parent, "registreringKvittering");
        e.setAttributeNS(XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI, "xsi:type", "journalpostKvittering");
        value(e, "systemID", text(a, "systemID").orElse(""));
        dateTime(a, "opprettetDato").ifPresent(v -> value(e, "opprettetDato", v));
        text(a, "opprettetAv").ifPresent(v -> value(e, "opprettetAv", v));
        for (Dokument d : journalpost.dokumenter()) {
            dokumentbeskrivelseKvittering(e, d);
        }
        text(a, "registreringsID").ifPresent(v -> value(e, "registreringsID", v));
        eksternNoekkel(a).or(journalpost::sentNoekkel).ifPresent(n -> eksternNoekkel(e, n));
        value(e, "opprettetEllerEksisterende", "Opprettet");
        integer(a, "journalaar").ifPresent(v -> value(e, "journalaar", v));
        integer(a, "journalsekvensnummer").ifPresent(v -> value(e, "journalsekvensnummer", v));
        integer(a, "journalpostnummer").ifPresent(v -> value(e, "journalpostnummer", v));
        kode(a.get("journalposttype")).ifPresent(v -> kode(e, "journalposttype", v));
        kode(a.get("journalstatus")).ifPresent(v -> kode(e, "journalstatus", v));
        date(a, "journaldato").ifPresent(v -> value(e, "journaldato", v));
    }

    private void dokumentbeskrivelseKvittering(Element parent, Dokument d) {
        JsonNode b = d.dokumentbeskrivelse();
        Element e = element(parent, "dokumentbeskrivelseKvittering");
        value(e, "systemID", text(b, "systemID").orElse(""));
        dateTime(b, "opprettetDato").ifPresent(v -> value(e, "opprettetDato", v));
        text(b, "opprettetAv").ifPresent(v -> value(e, "opprettetAv", v));
        integer(b, "dokumentnummer").or(d::dokumentnummer).ifPresent(v -> value(e, "dokumentnummer", v));
        JsonNode o = d.dokumentobjekt();
        Element objekt = element(e, "dokumentobjekt");
        value(objekt, "systemID", text(o, "systemID").orElse(""));
        integer(o, "versjonsnummer").ifPresent(v -> value(objekt, "versjonsnummer", v));
        kode(o.get("variantformat")).ifPresent(v -> kode(objekt, "variantformat", v));
        dateTime(o, "opprettetDato").ifPresent(v -> value(objekt, "opprettetDato", v));
        text(o, "opprettetAv").ifPresent(v -> value(objekt, "opprettetAv", v));
    }

    private void eksternNoekkel(Element parent, EksternNoekkel n) {
        Element e = element(parent, "referanseEksternNoekkel");
        mdk(e, "fagsystem", n.fagsystem());
        mdk(e, "noekkel", n.noekkel());
    }

    private void kode(Element parent, String name, Arkivmelding.Kode kode) {
        Element e = element(parent, name);
        mdk(e, "kode", kode.kode());
        kode.beskrivelse().ifPresent(b -> mdk(e, "beskrivelse", b));
    }

    private Element element(Element parent, String name) {
        Element e = doc.createElementNS(NS, name);
        parent.appendChild(e);
        return e;
    }

    private void value(Element parent, String name, Object value) {
        element(parent, name).setTextContent(clean(String.valueOf(value)));
    }

    private void mdk(Element parent, String name, String value) {
        Element e = doc.createElementNS(MDK, "n5mdk:" + name);
        e.setTextContent(clean(value));
        parent.appendChild(e);
    }

    /** The archive's ekstern nøkkel, if it echoed one ({@code {fagsystem, noekkel}}). */
    private static Optional<EksternNoekkel> eksternNoekkel(JsonNode answer) {
        JsonNode n = answer.get("referanseEksternNoekkel");
        if (n == null || !n.isObject()) {
            return Optional.empty();
        }
        Optional<String> fagsystem = text(n, "fagsystem");
        Optional<String> noekkel = text(n, "noekkel");
        return fagsystem.isPresent() && noekkel.isPresent()
                ? Optional.of(new EksternNoekkel(fagsystem.get(), noekkel.get())) : Optional.empty();
    }

    /** A Noark 5 code: {@code {"kode": ..., "kodenavn": ...}}, or a bare string taken as the kode. */
    static Optional<Arkivmelding.Kode> kode(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isString()) {
            return node.asString().isBlank() ? Optional.empty()
                    : Optional.of(new Arkivmelding.Kode(node.asString(), Optional.empty()));
        }
        return text(node, "kode").map(k -> new Arkivmelding.Kode(k, text(node, "kodenavn")));
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isValueNode() || v.isNull()) {
            return Optional.empty();
        }
        String s = clean(v.asString()).strip();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** An xs:int, given as a JSON number or a string of digits. */
    static Optional<Integer> integer(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToInt() ? Optional.of(v.intValue()) : Optional.empty();
        }
        if (v.isString()) {
            try {
                return Optional.of(Integer.parseInt(v.asString().strip()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<String> date(JsonNode node, String field) {
        return text(node, field).filter(v -> isOfType(v, DatatypeConstants.DATE));
    }

    private static Optional<String> dateTime(JsonNode node, String field) {
        return text(node, field).filter(v -> isOfType(v, DatatypeConstants.DATETIME));
    }

    private static boolean isOfType(String lexical, QName type) {
        try {
            return DatatypeFactory.newInstance().newXMLGregorianCalendar(lexical).getXMLSchemaType().equals(type);
        } catch (IllegalArgumentException | IllegalStateException | DatatypeConfigurationException e) {
            return false;
        }
    }

    private static String clean(String s) {
        return XML_ILLEGAL.matcher(s).replaceAll("");
    }
}
