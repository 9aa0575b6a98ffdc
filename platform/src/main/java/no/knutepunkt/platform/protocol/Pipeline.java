package no.knutepunkt.platform.protocol;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.namespace.QName;
import javax.xml.validation.ValidatorHandler;
import no.knutepunkt.platform.xml.SecureXml;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.ext.DefaultHandler2;

/**
 * A parser and validator for one schema, and the handler between them: passes the parser's events on to
 * the validator, checking the root element first and keeping track of the open elements, to name the
 * element an error is about when the message does not. Serves one document at a time; {@link #reset}
 * before each.
 */
final class Pipeline implements ContentHandler {
    private static final String LEXICAL_HANDLER = "http://xml.org/sax/properties/lexical-handler";
    private final XMLReader reader;
    private final ValidatorHandler validator;
    private final Set<QName> roots;
    private final Deque<String> open = new ArrayDeque<>();
    private String typeId;
    private Locator locator;
    private boolean seenRoot;
    private boolean dtdRefused;

    /** Wires {@code reader} to pass its events through this pipeline to {@code validator}. */
    Pipeline(XMLReader reader, ValidatorHandler validator, Set<QName> roots) throws SAXException {
        this.reader = reader;
        this.validator = validator;
        this.roots = roots;
        reader.setContentHandler(this);
        reader.setErrorHandler(SecureXml.THROW_ERRORS);
        reader.setProperty(LEXICAL_HANDLER, new RefuseDtd());
    }

    XMLReader reader() {
        return reader;
    }

    /** Whether the document had a DOCTYPE (and was refused for it). */
    boolean dtdRefused() {
        return dtdRefused;
    }

    /** Forgets everything of the document before: the next one is of {@code typeId}. */
    void reset(String typeId) {
        this.typeId = typeId;
        open.clear();
        locator = null;
        seenRoot = false;
        dtdRefused = false;
    }

    String current() {
        return open.peek();
    }

    int line() {
        return locator == null ? -1 : locator.getLineNumber();
    }

    int column() {
        return locator == null ? -1 : locator.getColumnNumber();
    }

    @Override
    public void setDocumentLocator(Locator locator) {
        this.locator = locator;
        validator.setDocumentLocator(locator);
    }

    @Override
    public void startDocument() throws SAXException {
        validator.startDocument();
    }

    @Override
    public void endDocument() throws SAXException {
        validator.endDocument();
    }

    @Override
    public void startPrefixMapping(String prefix, String uri) throws SAXException {
        validator.startPrefixMapping(prefix, uri);
    }

    @Override
    public void endPrefixMapping(String prefix) throws SAXException {
        validator.endPrefixMapping(prefix);
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        open.push(localName);
        if (!seenRoot) {
            seenRoot = true;
            QName root = new QName(uri, localName);
            if (!roots.contains(root)) {
                throw new SAXParseException("The root element '" + localName + "' in namespace '" + uri
                        + "' is not a payload of " + typeId + "; expected "
                        + roots.stream().map(q -> "'" + q.getLocalPart() + "' in namespace '"
                                + q.getNamespaceURI() + "'").collect(Collectors.joining(" or ")) + ".",
                        locator);
            }
        }
        validator.startElement(uri, localName, qName, atts);
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        validator.endElement(uri, localName, qName);
        open.pop();
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        validator.characters(ch, start, length);
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        validator.ignorableWhitespace(ch, start, length);
    }

    @Override
    public void processingInstruction(String target, String data) throws SAXException {
        validator.processingInstruction(target, data);
    }

    @Override
    public void skippedEntity(String name) throws SAXException {
        validator.skippedEntity(name);
    }

    /** Belt and braces to the disallow-doctype-decl feature: a DTD ends the parse as soon as it starts. */
    private final class RefuseDtd extends DefaultHandler2 {
        @Override
        public void startDTD(String name, String publicId, String systemId) throws SAXException {
            dtdRefused = true;
            throw new SAXParseException("DOCTYPE is not allowed", locator);
        }
    }
}
