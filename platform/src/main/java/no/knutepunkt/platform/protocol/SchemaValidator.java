package no.knutepunkt.platform.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.ValidatorHandler;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.ext.DefaultHandler2;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Validates payloads against the XSD of their message type: Fiks Arkiv v1's under
 * {@value MessageTypes#BASE} and the cooperation's own under {@value MessageTypes#KNUTEPUNKT_BASE}, both
 * in the same way. Thread-safe: each XSD is compiled once into a {@link Schema} (thread-safe,
 * cached) on first use; each call gets its own parser and validator.
 *
 * <p>Parsing is locked down: the JDK's own parser, secure processing on, DOCTYPE refused outright
 * (so no DTD, no entity, no XXE or entity bomb is ever read), no external DTD or schema access
 * from the document, and the XSDs' own imports resolved from the classpath only. Besides the XSD,
 * the document's root element must be one the type's own XSD declares: a type's schema also
 * contains the elements of the schemas it imports ({@code arkivstruktur.xsd} declares
 * {@code arkiv}; the {@code oppdater} XSD imports the {@code opprett} XSD), which are no payload
 * of that type.
 */
public final class SchemaValidator {
    static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    private static final String LEXICAL_HANDLER = "http://xml.org/sax/properties/lexical-handler";
    /** Xerces' own property: messages in English whatever the JVM's default locale, so they read the same. */
    private static final String LOCALE = "http://apache.org/xml/properties/locale";
    private static final Pattern NAMED_ELEMENT = Pattern.compile("element(?: type)? (?:'([^']+)'|\"([^\"]+)\")");
    private static final Pattern BRACED_NAME = Pattern.compile("^\\{\"[^\"]*\":(.+)}$");
    private static final Pattern PLAIN_FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.xsd");

    private final MessageTypes types;
    private final ClassLoader loader = SchemaValidator.class.getClassLoader();
    private final ConcurrentHashMap<String, Compiled> cache = new ConcurrentHashMap<>();
    private final AtomicInteger compilations = new AtomicInteger();

    /** A compiled XSD and the root elements its own file declares. */
    private record Compiled(Schema schema, Set<QName> roots) {
    }

    public SchemaValidator(MessageTypes types) {
        this.types = Objects.requireNonNull(types, "types");
    }

    /**
     * Validates the payload of a message of this type; does nothing for types without schema.
     *
     * @throws SchemaViolation          the payload is not a valid document of the type, with the first error
     * @throws IllegalArgumentException the type is not known at all
     */
    public void validate(String meldingType, byte[] xml) throws SchemaViolation {
        MessageType type = types.find(meldingType)
                .orElseThrow(() -> new IllegalArgumentException("unknown message type " + meldingType));
        if (type.schemaResource().isEmpty()) {
            return;
        }
        Compiled compiled = compiled(type.schemaResource().get());
        validate(type.id(), compiled, xml == null ? new byte[0] : xml);
    }

    /** How many XSDs this validator has compiled so far (each at most once). */
    int compilations() {
        return compilations.get();
    }

    private Compiled compiled(String resource) {
        Compiled compiled = cache.get(resource);
        return compiled != null ? compiled : cache.computeIfAbsent(resource, this::compile);
    }

    private void validate(String typeId, Compiled compiled, byte[] xml) throws SchemaViolation {
        FirstError errors = new FirstError();
        Pipeline pipeline;
        XMLReader reader;
        try {
            ValidatorHandler validator = compiled.schema().newValidatorHandler();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            validator.setErrorHandler(errors);
            english(validator::setProperty);
            pipeline = new Pipeline(validator, compiled.roots(), typeId);
            reader = secureReader();
            reader.setContentHandler(pipeline);
            reader.setErrorHandler(errors);
            reader.setProperty(LEXICAL_HANDLER, new RefuseDtd(pipeline));
            reader.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity refused: " + systemId);
            });
        } catch (SAXException | ParserConfigurationException e) {
            throw new IllegalStateException("cannot set up a secure XML parser and validator", e);
        }
        try {
            reader.parse(new InputSource(new ByteArrayInputStream(xml)));
        } catch (SAXParseException e) {
            throw violation(e.getMessage(), e.getLineNumber(), e.getColumnNumber(), pipeline);
        } catch (SAXException | IOException | RuntimeException e) {
            // Not well-formed in a way the parser does not report as a located error (e.g. a byte
            // sequence not valid in the declared encoding, or an unusable encoding declaration).
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw violation("not readable as XML: " + message, pipeline.line(), pipeline.column(), pipeline);
        }
    }

    private static SchemaViolation violation(String message, int line, int column, Pipeline pipeline) {
        String text = message == null ? "invalid document" : message;
        if (pipeline.dtdRefused || text.contains(DISALLOW_DOCTYPE)) {
            return new SchemaViolation("DOCTYPE/DTD is not allowed in a payload (" + text + ")", line, column, null);
        }
        String element = namedElement(text);
        return new SchemaViolation(text, line, column, element != null ? element : pipeline.current());
    }

    private interface PropertySetter {
        void set(String name, Object value) throws SAXException;
    }

    private static void english(PropertySetter target) {
        try {
            target.set(LOCALE, Locale.ROOT);
        } catch (SAXException e) {
            // an XML implementation without the property: messages in the default locale then
        }
    }

    /** The local name of the element a validator's message names ('...element 'x'...'), if any. */
    static String namedElement(String message) {
        Matcher m = NAMED_ELEMENT.matcher(message);
        if (!m.find()) {
            return null;
        }
        String name = m.group(1) != null ? m.group(1) : m.group(2);
        Matcher braced = BRACED_NAME.matcher(name);
        if (braced.matches()) {
            name = braced.group(1);
        }
        int colon = name.lastIndexOf(':');
        return colon >= 0 ? name.substring(colon + 1) : name;
    }

    static XMLReader secureReader() throws ParserConfigurationException, SAXException {
        // The JDK's own parser, whatever else is on the classpath, so that the features below are known.
        SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature(DISALLOW_DOCTYPE, true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        SAXParser parser = factory.newSAXParser();
        parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        XMLReader reader = parser.getXMLReader();
        english(reader::setProperty);
        return reader;
    }

    private Compiled compile(String resource) {
        byte[] xsd = classpathBytes(resource);
        try {
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            String folder = folderOf(resource);
            factory.setResourceResolver((type, namespace, publicId, systemId, baseUri) ->
                    resolveImport(folder, type, namespace, publicId, systemId, baseUri));
            factory.setErrorHandler(new FirstError());
            Schema schema = factory.newSchema(new StreamSource(new ByteArrayInputStream(xsd), systemId(resource)));
            Compiled compiled = new Compiled(schema, rootElements(resource, xsd));
            compilations.incrementAndGet();
            return compiled;
        } catch (SAXException e) {
            throw new IllegalStateException("cannot compile the bundled schema " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * The bundled folder of a type's XSD: {@value MessageTypes#BASE} or {@value MessageTypes#KNUTEPUNKT_BASE}.
     * Its imports are read from the same folder only.
     */
    static String folderOf(String resource) {
        for (String folder : new String[] {MessageTypes.BASE, MessageTypes.KNUTEPUNKT_BASE}) {
            if (resource.startsWith(folder) && resource.indexOf('/', folder.length()) < 0) {
                return folder;
            }
        }
        throw new IllegalStateException("refused schema resource " + resource + ": only "
                + MessageTypes.BASE + "*.xsd and " + MessageTypes.KNUTEPUNKT_BASE + "*.xsd are read");
    }

    /**
     * Resolves an XSD's {@code xs:import}/{@code xs:include} ({@code ./metadatakatalog.xsd},
     * {@code arkivstrukturMinimum.xsd}...) to the bundled file of that name in the importing XSD's own
     * folder; refuses anything else.
     */
    private ClasspathInput resolveImport(String folder, String type, String namespace, String publicId,
                                         String systemId, String baseUri) {
        if (systemId == null) {
            throw new IllegalStateException("schema import of " + namespace + " without schemaLocation");
        }
        String name = systemId.startsWith("./") ? systemId.substring(2) : systemId;
        if (!XMLConstants.W3C_XML_SCHEMA_NS_URI.equals(type) || !PLAIN_FILE_NAME.matcher(name).matches()) {
            throw new IllegalStateException("refused schema resource " + systemId + " (from " + baseUri
                    + "): only bundled " + folder + "*.xsd files are read");
        }
        String resource = folder + name;
        return new ClasspathInput(publicId, systemId(resource), classpathBytes(resource));
    }

    private String systemId(String resource) {
        URL url = loader.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("missing classpath resource " + resource);
        }
        return url.toExternalForm();
    }

    private byte[] classpathBytes(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The global elements an XSD file itself declares, in its target namespace. */
    private static Set<QName> rootElements(String resource, byte[] xsd) {
        Set<QName> roots = new LinkedHashSet<>();
        DefaultHandler handler = new DefaultHandler() {
            private int depth;
            private String targetNamespace = "";

            @Override
            public void startElement(String uri, String localName, String qName, Attributes atts) {
                if (depth == 0 && XMLConstants.W3C_XML_SCHEMA_NS_URI.equals(uri) && "schema".equals(localName)) {
                    targetNamespace = Objects.requireNonNullElse(atts.getValue("targetNamespace"), "");
                }
                if (depth == 1 && XMLConstants.W3C_XML_SCHEMA_NS_URI.equals(uri) && "element".equals(localName)
                        && atts.getValue("name") != null) {
                    roots.add(new QName(targetNamespace, atts.getValue("name")));
                }
                depth++;
            }

            @Override
            public void endElement(String uri, String localName, String qName) {
                depth--;
            }
        };
        try {
            XMLReader reader = secureReader();
            reader.setContentHandler(handler);
            reader.setErrorHandler(new FirstError());
            reader.parse(new InputSource(new ByteArrayInputStream(xsd)));
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new IllegalStateException("cannot read the bundled schema " + resource, e);
        }
        if (roots.isEmpty()) {
            throw new IllegalStateException("the bundled schema " + resource + " declares no global element");
        }
        return Set.copyOf(roots);
    }

    /** Stops at the first error or fatal error; warnings are ignored. */
    private static final class FirstError implements ErrorHandler {
        @Override
        public void warning(SAXParseException e) {
            // not a reason to refuse a payload
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }

    /** Belt and braces to the disallow-doctype-decl feature: a DTD ends the parse as soon as it starts. */
    private static final class RefuseDtd extends DefaultHandler2 {
        private final Pipeline pipeline;

        RefuseDtd(Pipeline pipeline) {
            this.pipeline = pipeline;
        }

        @Override
        public void startDTD(String name, String publicId, String systemId) throws SAXException {
            pipeline.dtdRefused = true;
            throw new SAXParseException("DOCTYPE is not allowed", pipeline.locator);
        }
    }

    /**
     * Passes the parser's events on to the validator, checking the root element first and keeping
     * track of the open elements, to name the element an error is about when the message does not.
     */
    private static final class Pipeline implements ContentHandler {
        private final ValidatorHandler validator;
        private final Set<QName> roots;
        private final String typeId;
        private final Deque<String> open = new ArrayDeque<>();
        private Locator locator;
        private boolean seenRoot;
        private boolean dtdRefused;

        Pipeline(ValidatorHandler validator, Set<QName> roots, String typeId) {
            this.validator = validator;
            this.roots = roots;
            this.typeId = typeId;
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
    }
}
