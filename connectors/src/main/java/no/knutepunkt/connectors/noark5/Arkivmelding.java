package no.knutepunkt.connectors.noark5;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import no.knutepunkt.connectors.DeliveryException;
import no.knutepunkt.platform.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The parts of a Fiks Arkiv v1 {@code arkivmelding} (message type
 * {@code no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett}) that {@link Noark5Connector} archives.
 * Parsed with DTDs refused and no external entities or schemas loaded; not validated against the
 * XSD beyond what is read here.
 */
record Arkivmelding(String system, Optional<Mappe> mappe, Optional<Registrering> registrering) {
    static final String NS = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1";
    static final String MDK = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1";
    private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;

    /** A Noark code ({@code kode}, and its {@code beskrivelse} if given). */
    record Kode(String kode, Optional<String> beskrivelse) {
    }

    record EksternNoekkel(String fagsystem, String noekkel) {
    }

    record Mappe(Optional<String> tittel, Optional<String> offentligTittel, Optional<String> saksdato,
                 Optional<String> administrativEnhet, Optional<String> saksansvarlig,
                 Optional<EksternNoekkel> referanseEksternNoekkel) {
    }

    record Registrering(String tittel, Optional<String> offentligTittel, Optional<Kode> journalposttype,
                        Optional<Kode> journalstatus, Optional<String> dokumentetsDato,
                        List<Korrespondansepart> korrespondanseparter,
                        Optional<EksternNoekkel> referanseEksternNoekkel,
                        Optional<String> referanseForelderMappeSystemId,
                        List<Dokumentbeskrivelse> dokumentbeskrivelser) {
    }

    record Korrespondansepart(Kode korrespondanseparttype, String korrespondansepartNavn,
                              Optional<String> organisasjonid, Optional<String> personid, List<String> postadresse,
                              Optional<String> postnummer, Optional<String> poststed,
                              Optional<String> epostadresse, Optional<String> kontaktperson) {
    }

    record Dokumentbeskrivelse(String tittel, Optional<Kode> dokumenttype, Optional<Kode> dokumentstatus,
                               Optional<Kode> tilknyttetRegistreringSom, Optional<Integer> dokumentnummer,
                               Optional<Dokumentobjekt> dokumentobjekt) {
    }

    /** The first dokumentobjekt of a dokumentbeskrivelse: how the sender named its file. */
    record Dokumentobjekt(Optional<String> filnavn, Optional<String> referanseDokumentfil) {
    }

    /**
     * Reads an arkivmelding.
     *
     * @throws DeliveryException (permanent) if it is not well-formed, has a DOCTYPE, is not an
     *                           {@code arkivmelding} in the opprett namespace, lacks a tittel this
     *                           connector needs, or has a mappe or registrering type it cannot archive
     */
    static Arkivmelding parse(byte[] xml) throws DeliveryException {
        Element root = parseSecurely(xml).getDocumentElement();
        if (!NS.equals(root.getNamespaceURI()) || !"arkivmelding".equals(root.getLocalName())) {
            throw DeliveryException.permanent("payload is not an arkivmelding in namespace " + NS + " but {"
                    + root.getNamespaceURI() + "}" + root.getLocalName());
        }
        Optional<Mappe> mappe = Optional.empty();
        Optional<Element> m = child(root, "mappe");
        if (m.isPresent()) {
            mappe = Optional.of(mappe(m.get()));
        }
        Optional<Registrering> registrering = Optional.empty();
        Optional<Element> reg = child(root, "registrering");
        if (reg.isPresent()) {
            registrering = Optional.of(registrering(reg.get(), mappe.isPresent()));
        }
        refuseScreening(m, reg);
        return new Arkivmelding(text(root, "system").orElse(""), mappe, registrering);
    }

    /** A DOM parser that refuses DTDs and never loads anything external. One per parse: factories are not thread-safe. */
    static Document parseSecurely(byte[] xml) throws DeliveryException {
        try {
            return SecureXml.parse(xml);
        } catch (SAXException e) {
            String reason = e.getMessage() != null && e.getMessage().contains("DOCTYPE")
                    ? "it has a DOCTYPE, which is refused" : e.getMessage();
            throw DeliveryException.permanent("arkivmelding cannot be read: " + reason);
        } catch (IOException e) {
            throw DeliveryException.permanent("arkivmelding cannot be read: " + e.getMessage());
        }
    }

    private static Mappe mappe(Element m) throws DeliveryException {
        String type = xsiType(m).orElse("saksmappe");
        if (!type.equals("saksmappe") && !type.equals("mappe")) {
            throw DeliveryException.permanent("arkivmelding: a mappe of type " + type
                    + " is not supported (only saksmappe)");
        }
        if (child(m, "referanseForeldermappe").isPresent()) {
            throw DeliveryException.permanent("arkivmelding: a mappe in a referanseForeldermappe (undermappe) "
                    + "is not supported");
        }
        return new Mappe(text(m, "tittel"), text(m, "offentligTittel"), text(m, "saksdato"),
                child(m, "administrativEnhet").flatMap(Arkivmelding::identifikator),
                child(m, "saksansvarlig").flatMap(Arkivmelding::identifikator),
                child(m, "referanseEksternNoekkel").flatMap(Arkivmelding::eksternNoekkel));
    }

    private static Registrering registrering(Element r, boolean withMappe) throws DeliveryException {
        String type = xsiType(r).orElse("journalpost");
        if (!type.equals("journalpost") && !type.equals("registrering")) {
            throw DeliveryException.permanent("arkivmelding: a registrering of type " + type
                    + " is not supported (only journalpost)");
        }
        String tittel = text(r, "tittel").orElseThrow(
                () -> DeliveryException.permanent("arkivmelding: the registrering has no tittel"));
        List<Korrespondansepart> parter = new ArrayList<>();
        for (Element k : children(r, "korrespondansepart")) {
            parter.add(new Korrespondansepart(
                    child(k, "korrespondanseparttype").flatMap(Arkivmelding::kode).orElse(new Kode("", Optional.empty())),
                    text(k, "korrespondansepartNavn").orElse(""),
                    text(k, "organisasjonid"), text(k, "personid"),
                    children(k, "postadresse").stream().map(Arkivmelding::textOf).flatMap(Optional::stream).toList(),
                    text(k, "postnummer"), text(k, "poststed"), text(k, "epostadresse"), text(k, "kontaktperson")));
        }
        List<Dokumentbeskrivelse> dokumenter = new ArrayList<>();
        for (Element d : children(r, "dokumentbeskrivelse")) {
            String dokTittel = text(d, "tittel").orElseThrow(
                    () -> DeliveryException.permanent("arkivmelding: a dokumentbeskrivelse has no tittel"));
            Optional<Dokumentobjekt> objekt = child(d, "dokumentobjekt")
                    .map(o -> new Dokumentobjekt(text(o, "filnavn"), text(o, "referanseDokumentfil")));
            dokumenter.add(new Dokumentbeskrivelse(dokTittel,
                    child(d, "dokumenttype").flatMap(Arkivmelding::kode),
                    child(d, "dokumentstatus").flatMap(Arkivmelding::kode),
                    child(d, "tilknyttetRegistreringSom").flatMap(Arkivmelding::kode),
                    text(d, "dokumentnummer").flatMap(Arkivmelding::integer),
                    objekt));
        }
        Optional<String> forelder = Optional.empty();
        Optional<Element> ref = child(r, "referanseForelderMappe");
        if (ref.isPresent()) {
            forelder = text(ref.get(), "systemID");
            // with a mappe in the same arkivmelding, the reference names that mappe (Fiks Arkiv: "the
            // registrering needs to be connected to the mappe"), and the registrering goes into it
            if (forelder.isEmpty() && !withMappe) {
                throw DeliveryException.permanent("arkivmelding: the registrering's referanseForelderMappe has no "
                        + "systemID; a mappe cannot be found by mappeID, saksnummer or ekstern nøkkel");
            }
        }
        return new Registrering(tittel, text(r, "offentligTittel"),
                child(r, "journalposttype").flatMap(Arkivmelding::kode),
                child(r, "journalstatus").flatMap(Arkivmelding::kode),
                text(r, "dokumentetsDato"), List.copyOf(parter),
                child(r, "referanseEksternNoekkel").flatMap(Arkivmelding::eksternNoekkel),
                forelder, List.copyOf(dokumenter));
    }

    /**
     * Skjerming, gradering and screened korrespondanseparter are not passed on to the archive yet;
     * rather than archive screened information unscreened, such an arkivmelding is refused.
     */
    private static void refuseScreening(Optional<Element> mappe, Optional<Element> registrering)
            throws DeliveryException {
        List<Element> units = new ArrayList<>();
        mappe.ifPresent(units::add);
        registrering.ifPresent(r -> {
            units.add(r);
            units.addAll(children(r, "dokumentbeskrivelse"));
        });
        for (Element unit : units) {
            for (String screening : List.of("skjerming", "gradering")) {
                if (child(unit, screening).isPresent()) {
                    throw DeliveryException.permanent("arkivmelding: its " + unit.getLocalName() + " has " + screening
                            + ", which this connector does not pass to the archive; refused rather than archived "
                            + "without it");
                }
            }
        }
        if (registrering.isPresent()) {
            for (Element part : children(registrering.get(), "korrespondansepart")) {
                if (text(part, "erSkjermet").filter(v -> v.equals("true") || v.equals("1")).isPresent()) {
                    throw DeliveryException.permanent("arkivmelding: a korrespondansepart is skjermet, which this "
                            + "connector does not pass to the archive; refused rather than archived without it");
                }
            }
        }
    }

    /** The local name of an element's {@code xsi:type} (only types of the arkivmelding's own namespace count). */
    private static Optional<String> xsiType(Element e) throws DeliveryException {
        String value = e.getAttributeNS(XSI, "type").strip();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        int colon = value.indexOf(':');
        String prefix = colon < 0 ? null : value.substring(0, colon);
        String local = value.substring(colon + 1);
        String namespace = e.lookupNamespaceURI(prefix);
        if (!NS.equals(namespace)) {
            throw DeliveryException.permanent("arkivmelding: " + e.getLocalName() + " has xsi:type " + value
                    + " outside " + NS);
        }
        return Optional.of(local);
    }

    private static Optional<Kode> kode(Element e) {
        return text(e, "kode").map(k -> new Kode(k, text(e, "beskrivelse")));
    }

    private static Optional<EksternNoekkel> eksternNoekkel(Element e) {
        Optional<String> fagsystem = text(e, "fagsystem");
        Optional<String> noekkel = text(e, "noekkel");
        return fagsystem.isPresent() && noekkel.isPresent()
                ? Optional.of(new EksternNoekkel(fagsystem.get(), noekkel.get())) : Optional.empty();
    }

    /** A person or unit as Noark 5 names it: navn, else identifikator, else initialer, else e-mail. */
    private static Optional<String> identifikator(Element e) {
        return text(e, "navn").or(() -> text(e, "identifikator")).or(() -> text(e, "initialer"))
                .or(() -> text(e, "epostadresse"));
    }

    private static Optional<Integer> integer(String s) {
        try {
            return Optional.of(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Child elements with the given local name, in the arkivmelding's namespace or in the
     * metadatakatalog's (where the XSD puts the children of its own types, such as {@code kode}).
     */
    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())
                    && (NS.equals(e.getNamespaceURI()) || MDK.equals(e.getNamespaceURI()))) {
                found.add(e);
            }
        }
        return found;
    }

    private static Optional<Element> child(Element parent, String localName) {
        List<Element> found = children(parent, localName);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static Optional<String> text(Element parent, String localName) {
        return child(parent, localName).flatMap(Arkivmelding::textOf);
    }

    private static Optional<String> textOf(Element e) {
        String text = e.getTextContent().strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }
}
