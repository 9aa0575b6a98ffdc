package no.knutepunkt.platform.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.ValidatorHandler;
import no.knutepunkt.platform.io.WatchedInputStream;
import no.knutepunkt.platform.xml.SecureXml;
import no.knutepunkt.platform.xml.XmlInput;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Validates payloads against the XSD of their message type: Fiks Arkiv v1's under
 * {@value MessageTypes#BASE} and the cooperation's own under {@value MessageTypes#KNUTEPUNKT_BASE}, both
 * in the same way. Thread-safe: each XSD is compiled once into a {@link Schema} (thread-safe,
 * cached) on first use. A parser and validator set up for a schema (a pipeline) serves one document at a
 * time: each call takes an idle one of its schema or makes one, and gives it back for the next call when
 * the document was valid (a few are kept per schema; one that stopped at an error is dropped). The
 * pipeline's own state (root element seen, open elements, DOCTYPE refused, the type) starts afresh
 * with each document; the parser and validator reset themselves at the start of each document.
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
    static final String DISALLOW_DOCTYPE = SecureXml.DISALLOW_DOCTYPE;
    /** Xerces' own property: messages in English whatever the JVM's default locale, so they read the same. */
    private static final String LOCALE = "http://apache.org/xml/properties/locale";
    private static final Pattern NAMED_ELEMENT = Pattern.compile("element(?: type)? (?:'([^']+)'|\"([^\"]+)\")");
    private static final Pattern BRACED_NAME = Pattern.compile("^\\{\"[^\"]*\":(.+)}$");
    private static final Pattern PLAIN_FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.xsd");
    /**
     * Idle pipelines kept per schema: enough for the threads that validate at once, few enough that 25
     * schemas' worth stay small (a pipeline that has parsed a document holds about 80 KiB).
     */
    private static final int MAX_IDLE_PER_SCHEMA = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));

    private final MessageTypes types;
    private final ClassLoader loader = SchemaValidator.class.getClassLoader();
    private final ConcurrentHashMap<String, Compiled> cache = new ConcurrentHashMap<>();
    private final AtomicInteger compilations = new AtomicInteger();
    private final AtomicInteger pipelinesBuilt = new AtomicInteger();

    /** A compiled XSD, the root elements its own file declares, and the idle pipelines for it. */
    private static final class Compiled {
        private final Schema schema;
        private final Set<QName> roots;
        private final ConcurrentLinkedQueue<Pipeline> idle = new ConcurrentLinkedQueue<>();
        private final AtomicInteger idleCount = new AtomicInteger();

        Compiled(Schema schema, Set<QName> roots) {
            this.schema = schema;
            this.roots = roots;
        }
    }

    public SchemaValidator(MessageTypes types) {
        this.types = Objects.requireNonNull(types, "types");
    }

    /**
     * Validates the payload of a message of this type; does nothing for types without schema. A document with a
     * byte order mark is read in the encoding the mark names ({@link XmlInput}).
     *
     * @return where the byte order mark overruled the document's declared encoding, in words (to be recorded, not
     *         refused); empty when nothing was overruled or the type has no schema
     * @throws SchemaViolation          the payload is not a valid document of the type, with the first error
     * @throws IllegalArgumentException the type is not known at all
     */
    public Optional<String> validate(String meldingType, byte[] xml) throws SchemaViolation {
        try {
            return validate(meldingType, new ByteArrayInputStream(xml == null ? new byte[0] : xml));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: a byte array is read", e);
        }
    }

    /**
     * As validate(String, byte[]) but reads the document from a stream (never buffered whole), and returns the same.
     *
     * <p>Reads the stream up to the end of the document, or up to the first error; does not close it, and
     * does not read it at all for a type without schema. A null stream is an empty document.
     *
     * @throws SchemaViolation          the payload is not a valid document of the type, with the first error
     * @throws IOException              reading the stream failed (the exception it threw, unchanged)
     * @throws IllegalArgumentException the type is not known at all
     */
    public Optional<String> validate(String meldingType, InputStream xml) throws SchemaViolation, IOException {
        MessageType type = types.find(meldingType)
                .orElseThrow(() -> new IllegalArgumentException("unknown message type " + meldingType));
        if (type.schemaResource().isEmpty()) {
            return Optional.empty();
        }
        Compiled compiled = compiled(type.schemaResource().get());
        return validate(type.id(), compiled, xml == null ? InputStream.nullInputStream() : xml);
    }

    /** True if the type is known and has a schema. */
    public boolean hasSchema(String meldingType) {
        return types.find(meldingType).map(type -> type.schemaResource().isPresent()).orElse(false);
    }

    /** How many XSDs this validator has compiled so far (each at most once). */
    int compilations() {
        return compilations.get();
    }

    /** How many pipelines (parser and validator) this validator has set up so far. */
    int pipelinesBuilt() {
        return pipelinesBuilt.get();
    }

    private Compiled compiled(String resource) {
        Compiled compiled = cache.get(resource);
        return compiled != null ? compiled : cache.computeIfAbsent(resource, this::compile);
    }

    private Optional<String> validate(String typeId, Compiled compiled, InputStream xml)
            throws SchemaViolation, IOException {
        Source source = new Source(xml);
        XmlInput input = XmlInput.of(source);
        Pipeline pipeline = take(compiled, typeId);
        try {
            pipeline.reader().parse(input.source());
        } catch (SAXParseException e) {
            source.rethrowFailure();
            throw violation(e.getMessage(), e.getLineNumber(), e.getColumnNumber(), pipeline);
        } catch (SAXException | IOException | RuntimeException e) {
            source.rethrowFailure();
            // Not well-formed in a way the parser does not report as a located error (e.g. a byte
            // sequence not valid in the declared encoding, or an unusable encoding declaration).
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw violation("not readable as XML: " + message, pipeline.line(), pipeline.column(), pipeline);
        }
        source.rethrowFailure();
        // Only a pipeline that went through a whole document goes back; one that stopped at an error is
        // dropped, so that nothing of an aborted parse can reach the next document.
        giveBack(compiled, pipeline);
        return input.deviation();
    }

    /** An idle pipeline for the schema, or a new one; either way reset for a document of {@code typeId}. */
    private Pipeline take(Compiled compiled, String typeId) {
        Pipeline pipeline = compiled.idle.poll();
        if (pipeline != null) {
            compiled.idleCount.decrementAndGet();
        } else {
            pipeline = newPipeline(compiled);
        }
        pipeline.reset(typeId);
        return pipeline;
    }

    private static void giveBack(Compiled compiled, Pipeline pipeline) {
        if (compiled.idleCount.incrementAndGet() <= MAX_IDLE_PER_SCHEMA) {
            compiled.idle.offer(pipeline);
        } else {
            compiled.idleCount.decrementAndGet();
        }
    }

    private Pipeline newPipeline(Compiled compiled) {
        try {
            ValidatorHandler validator = SecureXml.validatorHandler(compiled.schema);
            validator.setErrorHandler(SecureXml.THROW_ERRORS);
            english(validator::setProperty);
            Pipeline pipeline = new Pipeline(secureReader(), validator, compiled.roots);
            pipelinesBuilt.incrementAndGet();
            return pipeline;
        } catch (SAXException e) {
            throw new IllegalStateException("cannot set up a secure XML parser and validator", e);
        }
    }

    private static SchemaViolation violation(String message, int line, int column, Pipeline pipeline) {
        String text = message == null ? "invalid document" : message;
        if (pipeline.dtdRefused() || text.contains(DISALLOW_DOCTYPE)) {
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

    /** {@link SecureXml#xmlReader()}, with English messages. */
    static XMLReader secureReader() throws SAXException {
        XMLReader reader = SecureXml.xmlReader();
        english(reader::setProperty);
        return reader;
    }

    private Compiled compile(String resource) {
        byte[] xsd = classpathBytes(resource);
        try {
            SchemaFactory factory = SecureXml.schemaFactory();
            String folder = folderOf(resource);
            factory.setResourceResolver((type, namespace, publicId, systemId, baseUri) ->
                    resolveImport(folder, type, namespace, publicId, systemId, baseUri));
            factory.setErrorHandler(SecureXml.THROW_ERRORS);
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
            reader.setErrorHandler(SecureXml.THROW_ERRORS);
            reader.parse(new InputSource(new ByteArrayInputStream(xsd)));
        } catch (SAXException | IOException e) {
            throw new IllegalStateException("cannot read the bundled schema " + resource, e);
        }
        if (roots.isEmpty()) {
            throw new IllegalStateException("the bundled schema " + resource + " declares no global element");
        }
        return Set.copyOf(roots);
    }


    /**
     * The caller's stream as the parser reads it: never closed here (the parser closes what it has read),
     * and the first exception it throws is remembered, to be handed back unchanged rather than reported as
     * a document that is not XML. Skip and mark/reset go to the caller's stream.
     */
    private static final class Source extends WatchedInputStream {
        Source(InputStream in) {
            super(in);
        }

        @Override
        public long skip(long n) throws IOException {
            return skipBelow(n);
        }

        @Override
        public boolean markSupported() {
            return in.markSupported();
        }

        @Override
        public synchronized void mark(int readlimit) {
            in.mark(readlimit);
        }

        @Override
        public synchronized void reset() throws IOException {
            in.reset();
        }
    }
}
