package no.knutepunkt.platform.protocol;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import no.knutepunkt.platform.xml.SecureXml;
import no.knutepunkt.platform.xml.XmlChars;
import no.knutepunkt.platform.xml.XmlOut;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Builds and reads the payloads of the cooperation's own message types for agreements and shared
 * projects ({@code no.knutepunkt.v1.avtale.*}, {@code no.knutepunkt.v1.prosjekt.dokument}; see
 * {@link MessageTypes} for the types and their answers).
 *
 * <p>Builders make a DOM and serialise it with the JDK's own transformer, so every value is escaped;
 * the result is UTF-8 and is checked against the type's XSD before it is returned, so it is always a
 * valid payload. Bad arguments (null, blank, an orgnr that is not nine digits, a value too long for the
 * XSD...) give an {@link IllegalArgumentException} (a {@link NullPointerException} for a required null)
 * naming the field.
 *
 * <p>Readers first validate the payload against the type's XSD with {@link SchemaValidator} (so no
 * DOCTYPE, no DTD, no external entity is ever read, and the structure is known to be right), then
 * read it with a DOM parser locked down the same way. Any bad input, including one whose
 * {@code dokument/sha256} does not match its document, gives an {@link IllegalArgumentException}
 * whose message says what is wrong and where. Stateless and thread-safe.
 */
public final class Samarbeid {
    /** The XML namespace of the {@code no.knutepunkt.v1.avtale.*} payloads. */
    public static final String AVTALE_NS = "https://knutepunkt.no/standarder/samarbeid/v1/avtale";
    /** The XML namespace of the {@code no.knutepunkt.v1.prosjekt.*} payloads. */
    public static final String PROSJEKT_NS = "https://knutepunkt.no/standarder/samarbeid/v1/prosjekt";
    /** The XML namespace of the {@code no.knutepunkt.v1.undersoekelse[.svar]} payloads. */
    public static final String UNDERSOEKELSE_NS = "https://knutepunkt.no/standarder/samarbeid/v1/undersoekelse";

    private static final Pattern ORGNR = Pattern.compile("\\d{9}");
    /** The XSDs' Id: a token of 1 to 100 characters without whitespace. */
    private static final Pattern ID = Pattern.compile("[^\\s]{1,100}");
    private static final Pattern XML_WHITESPACE = Pattern.compile("[ \\t\\r\\n]+");

    private Samarbeid() {
    }

    private static final class Holder {
        static final SchemaValidator VALIDATOR = new SchemaValidator(MessageTypes.load());
    }

    // --- records ---

    /**
     * A party's signature ({@code signatur.xml}) as read.
     *
     * @param signedData the DER CMS SignedData, detached, over the agreement document's exact bytes;
     *                   not checked here beyond being base64 of at least one byte: verify it
     */
    public record Signatur(String avtaleId, int versjon, String orgnr, byte[] signedData) {
        public Signatur {
            Objects.requireNonNull(avtaleId, "avtaleId");
            Objects.requireNonNull(orgnr, "orgnr");
            signedData = Objects.requireNonNull(signedData, "signedData").clone();
        }

        /** A copy of the SignedData bytes. */
        @Override
        public byte[] signedData() {
            return signedData.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Signatur s && avtaleId.equals(s.avtaleId) && versjon == s.versjon
                    && orgnr.equals(s.orgnr) && Arrays.equals(signedData, s.signedData);
        }

        @Override
        public int hashCode() {
            return Objects.hash(avtaleId, versjon, orgnr, Arrays.hashCode(signedData));
        }

        @Override
        public String toString() {
            return "Signatur[avtaleId=" + avtaleId + ", versjon=" + versjon + ", orgnr=" + orgnr
                    + ", signedData=" + signedData.length + " bytes]";
        }
    }

    /** A party's refusal ({@code avslag.xml}) as read. */
    public record Avslag(String avtaleId, int versjon, String orgnr, String grunngiving) {
        public Avslag {
            Objects.requireNonNull(avtaleId, "avtaleId");
            Objects.requireNonNull(orgnr, "orgnr");
            Objects.requireNonNull(grunngiving, "grunngiving");
        }
    }

    /**
     * A version of the agreement sent for signing ({@code avtale.xml}) as read.
     *
     * @param parter   the parties' orgnr, in the payload's order
     * @param dokument the exact document bytes the parties sign
     * @param sha256   the document's SHA-256, lower-case hex; the reader has checked it against the bytes
     */
    public record Avtale(String avtaleId, int versjon, String tittel, List<String> parter, byte[] dokument,
                         String sha256) {
        public Avtale {
            Objects.requireNonNull(avtaleId, "avtaleId");
            Objects.requireNonNull(tittel, "tittel");
            parter = List.copyOf(parter);
            dokument = Objects.requireNonNull(dokument, "dokument").clone();
            Objects.requireNonNull(sha256, "sha256");
        }

        /** A copy of the document bytes. */
        @Override
        public byte[] dokument() {
            return dokument.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Avtale a && avtaleId.equals(a.avtaleId) && versjon == a.versjon
                    && tittel.equals(a.tittel) && parter.equals(a.parter) && Arrays.equals(dokument, a.dokument)
                    && sha256.equals(a.sha256);
        }

        @Override
        public int hashCode() {
            return Objects.hash(avtaleId, versjon, tittel, parter, Arrays.hashCode(dokument), sha256);
        }

        @Override
        public String toString() {
            return "Avtale[avtaleId=" + avtaleId + ", versjon=" + versjon + ", tittel=" + tittel + ", parter="
                    + parter + ", dokument=" + dokument.length + " bytes, sha256=" + sha256 + "]";
        }
    }

    // --- builders ---

    /**
     * An {@code avtale.xml} for {@value MessageTypes#AVTALE_SIGNERING}: this version of the agreement, to
     * be signed by every party; valid from when all parties have signed ({@code gyldigFraVedSignering}).
     * {@code dokument/sha256} is computed here from the document bytes.
     *
     * @param avtaleId        the agreement's id, the same for all versions: 1 to 100 characters, no whitespace
     * @param versjon         1 for the first version
     * @param tittel          at most 500 characters
     * @param parter          the parties' orgnr (nine digits each), at least one, none twice
     * @param evalueringsdato may be null
     * @param endringAv       the version this one amends, written {@code "<avtaleId>/<versjon>"}
     *                        (e.g. {@code "7b1e.../1"}); null for a first version
     * @param filnavn         the document's file name, without folder (no / or \), at most 255 characters
     * @param mimeType        e.g. {@code application/pdf}
     * @param dokument        the exact bytes the parties sign; not empty
     */
    public static byte[] avtaleSignering(String avtaleId, int versjon, String tittel, List<String> parter,
                                         LocalDate gyldigTil, LocalDate evalueringsdato, String endringAv,
                                         String filnavn, String mimeType, byte[] dokument) {
        id(avtaleId, "avtaleId");
        versjon(versjon, "versjon");
        text(tittel, "tittel");
        Objects.requireNonNull(parter, "parter");
        if (parter.isEmpty()) {
            throw new IllegalArgumentException("parter is empty: an agreement needs at least one party");
        }
        Set<String> seen = new HashSet<>();
        for (String orgnr : parter) {
            orgnr(orgnr, "parter");
            if (!seen.add(orgnr)) {
                throw new IllegalArgumentException("parter names " + orgnr + " twice");
            }
        }
        Objects.requireNonNull(gyldigTil, "gyldigTil");
        String endringAvId = null;
        int endringAvVersjon = 0;
        if (endringAv != null) {
            int slash = endringAv.lastIndexOf('/');
            try {
                if (slash < 1) {
                    throw new NumberFormatException();
                }
                endringAvId = endringAv.substring(0, slash);
                endringAvVersjon = Integer.parseInt(endringAv.substring(slash + 1));
                id(endringAvId, "endringAv");
                versjon(endringAvVersjon, "endringAv");
            } catch (IllegalArgumentException e) { // NumberFormatException included
                throw new IllegalArgumentException("endringAv must be '<avtaleId>/<versjon>', e.g. '"
                        + avtaleId + "/1', not '" + endringAv + "'");
            }
        }
        text(filnavn, "filnavn");
        text(mimeType, "mimeType");
        document(dokument);

        Document doc = XmlOut.newDocument();
        Element root = root(doc, AVTALE_NS, "avtaleSignering");
        add(root, "avtaleId", avtaleId);
        add(root, "versjon", Integer.toString(versjon));
        add(root, "tittel", tittel);
        Element partElement = add(root, "parter", null);
        for (String orgnr : parter) {
            add(partElement, "orgnr", orgnr);
        }
        add(root, "gyldigFraVedSignering", null);
        add(root, "gyldigTil", gyldigTil.toString());
        if (evalueringsdato != null) {
            add(root, "evalueringsdato", evalueringsdato.toString());
        }
        if (endringAvId != null) {
            Element ref = add(root, "endringAv", null);
            add(ref, "avtaleId", endringAvId);
            add(ref, "versjon", Integer.toString(endringAvVersjon));
        }
        Element dok = add(root, "dokument", null);
        add(dok, "filnavn", filnavn);
        add(dok, "mimeType", mimeType);
        add(dok, "sha256", sha256(dokument));
        add(dok, "innhold", Base64.getEncoder().encodeToString(dokument));
        return checked(MessageTypes.AVTALE_SIGNERING, doc);
    }

    /**
     * A {@code signatur.xml} for {@value MessageTypes#AVTALE_SIGNATUR}: party {@code orgnr} signs this
     * version. Without {@code signert} (the time is in the SignedData's signing-time attribute, if any).
     *
     * @param detachedSignedData a DER CMS SignedData, detached, by the party over the exact document
     *                           bytes of the version; not checked here beyond being non-empty
     */
    public static byte[] avtaleSignatur(String avtaleId, int versjon, String orgnr, byte[] detachedSignedData) {
        id(avtaleId, "avtaleId");
        versjon(versjon, "versjon");
        orgnr(orgnr, "orgnr");
        Objects.requireNonNull(detachedSignedData, "detachedSignedData");
        if (detachedSignedData.length == 0) {
            throw new IllegalArgumentException("detachedSignedData is empty");
        }
        Document doc = XmlOut.newDocument();
        Element root = root(doc, AVTALE_NS, "avtaleSignatur");
        add(root, "avtaleId", avtaleId);
        add(root, "versjon", Integer.toString(versjon));
        add(root, "orgnr", orgnr);
        add(root, "signatur", Base64.getEncoder().encodeToString(detachedSignedData));
        return checked(MessageTypes.AVTALE_SIGNATUR, doc);
    }

    /**
     * An {@code avslag.xml} for {@value MessageTypes#AVTALE_AVSLAG}: party {@code orgnr} will not sign
     * this version.
     *
     * @param grunngiving why; not blank, at most 2000 characters
     */
    public static byte[] avtaleAvslag(String avtaleId, int versjon, String orgnr, String grunngiving) {
        id(avtaleId, "avtaleId");
        versjon(versjon, "versjon");
        orgnr(orgnr, "orgnr");
        text(grunngiving, "grunngiving");
        Document doc = XmlOut.newDocument();
        Element root = root(doc, AVTALE_NS, "avtaleAvslag");
        add(root, "avtaleId", avtaleId);
        add(root, "versjon", Integer.toString(versjon));
        add(root, "orgnr", orgnr);
        add(root, "grunngiving", grunngiving);
        return checked(MessageTypes.AVTALE_AVSLAG, doc);
    }

    /**
     * A {@code prosjektdokument.xml} for {@value MessageTypes#PROSJEKT_DOKUMENT}: a document of a shared
     * project, for information.
     *
     * @param prosjektId    the project's id: 1 to 100 characters, no whitespace
     * @param prosjektnamn  at most 500 characters
     * @param prosjekteigar the orgnr of the municipality that owns the project
     * @param tittel        at most 500 characters
     * @param dokumenttype  free text, e.g. "Referat"; at most 100 characters
     * @param filnavn       the file name, without folder, at most 255 characters
     * @param dokument      the document's bytes; not empty
     */
    public static byte[] prosjektDokument(String prosjektId, String prosjektnamn, String prosjekteigar,
                                          String tittel, String dokumenttype, String filnavn, String mimeType,
                                          byte[] dokument) {
        id(prosjektId, "prosjektId");
        text(prosjektnamn, "prosjektnamn");
        orgnr(prosjekteigar, "prosjekteigar");
        text(tittel, "tittel");
        text(dokumenttype, "dokumenttype");
        text(filnavn, "filnavn");
        text(mimeType, "mimeType");
        document(dokument);
        Document doc = XmlOut.newDocument();
        Element root = root(doc, PROSJEKT_NS, "prosjektDokument");
        add(root, "prosjektId", prosjektId);
        add(root, "prosjektnamn", prosjektnamn);
        add(root, "prosjekteigar", prosjekteigar);
        add(root, "tittel", tittel);
        add(root, "dokumenttype", dokumenttype);
        Element dok = add(root, "dokument", null);
        add(dok, "filnavn", filnavn);
        add(dok, "mimeType", mimeType);
        add(dok, "innhold", Base64.getEncoder().encodeToString(dokument));
        return checked(MessageTypes.PROSJEKT_DOKUMENT, doc);
    }

    // --- readers ---

    /**
     * Reads a {@code signatur.xml} ({@value MessageTypes#AVTALE_SIGNATUR}), validating it first.
     *
     * @throws IllegalArgumentException the payload is not a valid {@code signatur.xml}
     */
    public static Signatur readSignatur(byte[] xml) {
        Element root = read(MessageTypes.AVTALE_SIGNATUR, xml);
        return new Signatur(token(root, "avtaleId"), integer(root, "versjon"), plain(root, "orgnr"),
                base64(root, "signatur"));
    }

    /**
     * Reads an {@code avslag.xml} ({@value MessageTypes#AVTALE_AVSLAG}), validating it first.
     *
     * @throws IllegalArgumentException the payload is not a valid {@code avslag.xml}
     */
    public static Avslag readAvslag(byte[] xml) {
        Element root = read(MessageTypes.AVTALE_AVSLAG, xml);
        return new Avslag(token(root, "avtaleId"), integer(root, "versjon"), plain(root, "orgnr"),
                plain(root, "grunngiving"));
    }

    /**
     * Reads an {@code avtale.xml} ({@value MessageTypes#AVTALE_SIGNERING}), validating it first, and
     * checks that {@code dokument/sha256} is the SHA-256 of {@code dokument/innhold}.
     *
     * @throws IllegalArgumentException the payload is not a valid {@code avtale.xml}, or its sha256 does
     *                                  not match its document
     */
    public static Avtale readAvtale(byte[] xml) {
        Element root = read(MessageTypes.AVTALE_SIGNERING, xml);
        List<String> parter = new ArrayList<>();
        for (Element orgnr : children(child(root, "parter"), "orgnr")) {
            parter.add(orgnr.getTextContent());
        }
        Element dok = child(root, "dokument");
        byte[] dokument = base64(dok, "innhold");
        String declared = plain(dok, "sha256");
        String actual = sha256(dokument);
        if (!declared.equals(actual)) {
            throw new IllegalArgumentException(MessageTypes.AVTALE_SIGNERING + " payload: dokument/sha256 "
                    + declared + " is not the SHA-256 of dokument/innhold (" + dokument.length + " bytes, SHA-256 "
                    + actual + ")");
        }
        return new Avtale(token(root, "avtaleId"), integer(root, "versjon"), plain(root, "tittel"), parter,
                dokument, declared);
    }

    // --- argument checks ---

    private static void id(String value, String name) {
        Objects.requireNonNull(value, name);
        if (!ID.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be 1 to 100 characters without whitespace, not '"
                    + value + "'");
        }
        XmlChars.check(value, name);
    }

    private static void versjon(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be a version number of at least 1, not " + value);
        }
    }

    private static void orgnr(String value, String name) {
        Objects.requireNonNull(value, name);
        if (!ORGNR.matcher(value).matches()) {
            throw new IllegalArgumentException(name + ": an orgnr is nine digits, not '" + value + "'");
        }
    }

    private static void text(String value, String name) {
        XmlChars.required(value, name);
    }

    private static void document(byte[] dokument) {
        Objects.requireNonNull(dokument, "dokument");
        if (dokument.length == 0) {
            throw new IllegalArgumentException("dokument is empty");
        }
    }

    // --- building ---

    private static Element root(Document doc, String namespace, String name) {
        Element root = doc.createElementNS(namespace, name);
        root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", namespace);
        doc.appendChild(root);
        return root;
    }

    /** A child in the parent's namespace, with the text (escaped on output) if not null. */
    private static Element add(Element parent, String name, String text) {
        Element e = parent.getOwnerDocument().createElementNS(parent.getNamespaceURI(), name);
        parent.appendChild(e);
        if (text != null) {
            e.setTextContent(text);
        }
        return e;
    }

    /** Serialises the document and checks it against its type's XSD. */
    private static byte[] checked(String type, Document doc) {
        byte[] xml = XmlOut.serialise(doc);
        try {
            Holder.VALIDATOR.validate(type, xml);
        } catch (SchemaViolation e) {
            String element = e.element().map(name -> " (" + name + ")").orElse("");
            throw new IllegalArgumentException("the values do not make a valid " + type + " payload" + element
                    + ": " + e.getMessage(), e);
        }
        return xml;
    }

    // --- reading ---

    /** Validates the payload against its type's XSD, then parses it: the root element. */
    private static Element read(String type, byte[] xml) {
        try {
            Holder.VALIDATOR.validate(type, xml);
        } catch (SchemaViolation e) {
            String element = e.element().map(name -> " (element " + name + ")").orElse("");
            throw new IllegalArgumentException("not a valid " + type + " payload" + element + ": " + e.getMessage(), e);
        }
        try {
            return SecureXml.parse(xml).getDocumentElement();
        } catch (SAXException | IOException e) {
            // not expected after validation, which parses with the same restrictions
            throw new IllegalArgumentException("cannot read the " + type + " payload: " + e.getMessage(), e);
        }
    }

    /** The child elements of that name, in the parent's namespace. */
    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())
                    && Objects.equals(parent.getNamespaceURI(), e.getNamespaceURI())) {
                out.add(e);
            }
        }
        return out;
    }

    /** The one child element of that name; the XSD has made sure there is one. */
    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        if (found.size() != 1) {
            throw new IllegalArgumentException("expected one " + name + " in " + parent.getLocalName() + ", found "
                    + found.size());
        }
        return found.get(0);
    }

    /** A string value as written (the XSD's xs:string keeps whitespace). */
    private static String plain(Element parent, String name) {
        return child(parent, name).getTextContent();
    }

    /** An xs:token value: whitespace collapsed, as the XSD sees it. */
    private static String token(Element parent, String name) {
        return XML_WHITESPACE.matcher(plain(parent, name)).replaceAll(" ").strip();
    }

    private static int integer(Element parent, String name) {
        String value = token(parent, name);
        try {
            return Integer.parseInt(value.startsWith("+") ? value.substring(1) : value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: '" + value + "'");
        }
    }

    private static byte[] base64(Element parent, String name) {
        String value = XML_WHITESPACE.matcher(plain(parent, name)).replaceAll("");
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not base64: " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
