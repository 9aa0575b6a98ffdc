package no.knutepunkt.platform.protocol;

import java.util.Objects;
import javax.xml.XMLConstants;
import no.knutepunkt.platform.xml.XmlChars;
import no.knutepunkt.platform.xml.XmlOut;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Builds the {@code arkivmelding.xml} payloads (type {@value #TYPE}) with which the cooperation
 * archives a shared project's documents in each participant's archive: one saksmappe per project,
 * found again by its external key (fagsystem {@value #FAGSYSTEM}, noekkel = the project's id), and
 * one incoming journalpost per document in it.
 *
 * <p>The payloads are built as DOM and serialised by the JDK's own transformer, so every value is
 * escaped; they are UTF-8 and valid against the type's XSD. Elements of the metadatakatalog's own
 * types ({@code kode}/{@code beskrivelse}, {@code fagsystem}/{@code noekkel}, and the
 * {@code referanseEksternNoekkel} <em>inside</em> {@code referanseForelderMappe}) are in the
 * metadatakatalog namespace (prefix {@code n5mdk}), all others in the arkivmelding/opprett namespace.
 * Stateless and thread-safe.
 */
public final class Arkivmeldinger {
    /** The message type of the payloads built here. */
    public static final String TYPE = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett";
    /** The {@code system} of each arkivmelding and the {@code fagsystem} of each external key. */
    public static final String FAGSYSTEM = "Knutepunkt";

    static final String OPPRETT_NS =
            "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1";
    static final String MDK_NS = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1";
    private static final String MDK = "n5mdk:";

    private Arkivmeldinger() {
    }

    /**
     * The project as archived: its id is the external key of its saksmappe (fagsystem "Knutepunkt").
     * All values but {@code prosjekteigarOrgnr} are required and not blank; the orgnr may be null
     * (then the korrespondansepart has no organisasjonid).
     */
    public record Prosjekt(String prosjektId, String namn, String prosjekteigarOrgnr, String prosjekteigarNamn) {
        public Prosjekt {
            required(prosjektId, "prosjektId");
            required(namn, "namn");
            optional(prosjekteigarOrgnr, "prosjekteigarOrgnr");
            required(prosjekteigarNamn, "prosjekteigarNamn");
        }
    }

    /**
     * A document of the project. All values but {@code dokumenttypeKode} are required and not blank;
     * the kode may be null (then the dokumentbeskrivelse has no dokumenttype). {@code filnavn} is both
     * the file's name for display and its name in the message ({@code referanseDokumentfil}), so it
     * must be the name of the file sent with the arkivmelding.
     */
    public record Dokument(String tittel, String dokumenttypeKode, String filnavn, String dokumentId) {
        public Dokument {
            required(tittel, "tittel");
            optional(dokumenttypeKode, "dokumenttypeKode");
            required(filnavn, "filnavn");
            required(dokumentId, "dokumentId");
        }
    }

    /**
     * An arkivmelding that creates the project's saksmappe (tittel = "Prosjekt: " + namn, with
     * referanseEksternNoekkel fagsystem "Knutepunkt", noekkel = prosjektId) and a journalpost in it for
     * the document (journalposttype "I" inngående, journalstatus "J", a korrespondansepart avsender =
     * the prosjekteigar, one dokumentbeskrivelse (tilknyttetRegistreringSom "H" hoveddokument,
     * dokumentstatus "F") with a dokumentobjekt whose referanseDokumentfil is the file name;
     * referanseEksternNoekkel of the journalpost: fagsystem "Knutepunkt", noekkel = dokumentId). The
     * journalpost is tied to the new saksmappe by referanseForelderMappe with the project's key, as
     * the XSD asks when a message creates both.
     */
    public static byte[] nySaksmappeMedJournalpost(Prosjekt prosjekt, Dokument dokument) {
        return arkivmelding(prosjekt, dokument, true);
    }

    /**
     * An arkivmelding with only the journalpost, placed in the project's saksmappe by
     * referanseForelderMappe/referanseEksternNoekkel (Knutepunkt, prosjektId).
     */
    public static byte[] journalpostISaksmappe(Prosjekt prosjekt, Dokument dokument) {
        return arkivmelding(prosjekt, dokument, false);
    }

    private static byte[] arkivmelding(Prosjekt prosjekt, Dokument dokument, boolean medSaksmappe) {
        Objects.requireNonNull(prosjekt, "prosjekt");
        Objects.requireNonNull(dokument, "dokument");
        Document doc = XmlOut.newDocument();
        Element root = doc.createElementNS(OPPRETT_NS, "arkivmelding");
        doc.appendChild(root);
        root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", OPPRETT_NS);
        root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:n5mdk", MDK_NS);
        root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:xsi",
                XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI);

        text(root, "system", FAGSYSTEM);
        text(root, "antallFiler", "1");
        if (medSaksmappe) {
            saksmappe(root, prosjekt);
        }
        journalpost(root, prosjekt, dokument);
        return XmlOut.serialise(doc);
    }

    /** mappe: tittel, referanseEksternNoekkel (in that order, the mappe's sequence). */
    private static void saksmappe(Element root, Prosjekt prosjekt) {
        Element mappe = child(root, "mappe");
        // "saksmappe" is a type of the opprett namespace, the document's default namespace.
        mappe.setAttributeNS(XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI, "xsi:type", "saksmappe");
        text(mappe, "tittel", "Prosjekt: " + prosjekt.namn());
        eksternNoekkel(child(mappe, "referanseEksternNoekkel"), prosjekt.prosjektId());
    }

    /**
     * registrering (journalpost): referanseForelderMappe, dokumentbeskrivelse, tittel,
     * korrespondansepart, referanseEksternNoekkel, then the journalpost's own journalposttype and
     * journalstatus.
     */
    private static void journalpost(Element root, Prosjekt prosjekt, Dokument dokument) {
        Element jp = child(root, "registrering");
        jp.setAttributeNS(XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI, "xsi:type", "journalpost");

        // referanseTilMappe is a metadatakatalog type: its referanseEksternNoekkel is n5mdk too.
        Element forelder = child(jp, "referanseForelderMappe");
        Element mappeNoekkel = forelder.getOwnerDocument().createElementNS(MDK_NS, MDK + "referanseEksternNoekkel");
        forelder.appendChild(mappeNoekkel);
        eksternNoekkel(mappeNoekkel, prosjekt.prosjektId());

        Element beskrivelse = child(jp, "dokumentbeskrivelse");
        if (dokument.dokumenttypeKode() != null) {
            kode(child(beskrivelse, "dokumenttype"), dokument.dokumenttypeKode(), null);
        }
        kode(child(beskrivelse, "dokumentstatus"), "F", "Dokumentet er ferdigstilt");
        text(beskrivelse, "tittel", dokument.tittel());
        kode(child(beskrivelse, "tilknyttetRegistreringSom"), "H", "Hoveddokument");
        text(beskrivelse, "dokumentnummer", "1");
        Element objekt = child(beskrivelse, "dokumentobjekt");
        text(objekt, "filnavn", dokument.filnavn());
        text(objekt, "referanseDokumentfil", dokument.filnavn());

        text(jp, "tittel", dokument.tittel());

        Element part = child(jp, "korrespondansepart");
        kode(child(part, "korrespondanseparttype"), "EA", "Avsender");
        text(part, "korrespondansepartNavn", prosjekt.prosjekteigarNamn());
        if (prosjekt.prosjekteigarOrgnr() != null) {
            text(part, "organisasjonid", prosjekt.prosjekteigarOrgnr());
        }

        eksternNoekkel(child(jp, "referanseEksternNoekkel"), dokument.dokumentId());

        kode(child(jp, "journalposttype"), "I", "Inngående dokument");
        kode(child(jp, "journalstatus"), "J", "Journalført");
    }

    private static void eksternNoekkel(Element target, String noekkel) {
        mdkText(target, "fagsystem", FAGSYSTEM);
        mdkText(target, "noekkel", noekkel);
    }

    private static void kode(Element target, String kode, String beskrivelse) {
        mdkText(target, "kode", kode);
        if (beskrivelse != null) {
            mdkText(target, "beskrivelse", beskrivelse);
        }
    }

    private static Element child(Element parent, String name) {
        Element e = parent.getOwnerDocument().createElementNS(OPPRETT_NS, name);
        parent.appendChild(e);
        return e;
    }

    private static void text(Element parent, String name, String value) {
        child(parent, name).setTextContent(value);
    }

    private static void mdkText(Element parent, String name, String value) {
        Element e = parent.getOwnerDocument().createElementNS(MDK_NS, MDK + name);
        parent.appendChild(e);
        e.setTextContent(value);
    }

    private static void required(String value, String name) {
        XmlChars.required(value, name);
    }

    private static void optional(String value, String name) {
        if (value != null) {
            required(value, name);
        }
    }
}
