package no.knutepunkt.platform.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerFactory;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.ValidatorHandler;
import org.w3c.dom.Document;
import org.xml.sax.EntityResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * The one place the platform makes JAXP parsers, schema factories and transformers, all locked down against XXE:
 * the JDK's own implementations (whatever else is on the class path, so that the features below are known),
 * secure processing on, a DOCTYPE refused ({@value #DISALLOW_DOCTYPE}), no external general or parameter entities,
 * no external DTD, schema or stylesheet access, no XInclude, and an entity resolver that refuses whatever would
 * still be asked for. Parsers are namespace aware and non-validating; their errors are thrown, warnings ignored.
 * A new object per call: JAXP factories and parsers are not thread-safe.
 */
public final class SecureXml {
    /** The Xerces feature that refuses a document with a DOCTYPE; its name is in the parser's message. */
    public static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    private static final String EXTERNAL_GENERAL_ENTITIES = "http://xml.org/sax/features/external-general-entities";
    private static final String EXTERNAL_PARAMETER_ENTITIES = "http://xml.org/sax/features/external-parameter-entities";
    private static final String LOAD_EXTERNAL_DTD = "http://apache.org/xml/features/nonvalidating/load-external-dtd";

    /** Refuses every external entity, should a parser ask despite the features. */
    private static final EntityResolver NO_ENTITIES = (publicId, systemId) -> {
        throw new SAXException("external entity refused: " + systemId);
    };

    /** Throws errors (the default handler prints them to stderr and goes on), ignores warnings. */
    public static final ErrorHandler THROW_ERRORS = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // not a reason to refuse
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private SecureXml() {
    }

    /** A DOM parser. */
    public static DocumentBuilder documentBuilder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature(DISALLOW_DOCTYPE, true);
            factory.setFeature(EXTERNAL_GENERAL_ENTITIES, false);
            factory.setFeature(EXTERNAL_PARAMETER_ENTITIES, false);
            factory.setFeature(LOAD_EXTERNAL_DTD, false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setEntityResolver(NO_ENTITIES);
            builder.setErrorHandler(THROW_ERRORS);
            return builder;
        } catch (ParserConfigurationException e) {
            throw unsupported(e);
        }
    }

    /** Parses a whole document; one with a byte order mark in the encoding the mark names ({@link XmlInput}). */
    public static Document parse(byte[] xml) throws SAXException, IOException {
        return documentBuilder().parse(XmlInput.of(new ByteArrayInputStream(xml)).source());
    }

    /** A SAX reader, for documents read as they stream. */
    public static XMLReader xmlReader() throws SAXException {
        try {
            SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature(DISALLOW_DOCTYPE, true);
            factory.setFeature(EXTERNAL_GENERAL_ENTITIES, false);
            factory.setFeature(EXTERNAL_PARAMETER_ENTITIES, false);
            factory.setFeature(LOAD_EXTERNAL_DTD, false);
            SAXParser parser = factory.newSAXParser();
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            XMLReader reader = parser.getXMLReader();
            reader.setEntityResolver(NO_ENTITIES);
            reader.setErrorHandler(THROW_ERRORS);
            return reader;
        } catch (ParserConfigurationException e) {
            throw unsupported(e);
        }
    }

    /**
     * A W3C XML Schema factory that reads no external DTD or schema by itself: a caller that compiles schemas with
     * imports gives it a resource resolver for them.
     */
    public static SchemaFactory schemaFactory() throws SAXException {
        SchemaFactory factory = SchemaFactory.newDefaultInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    /** A validator of a SAX stream against the schema that resolves no external DTD or schema either. */
    public static ValidatorHandler validatorHandler(Schema schema) throws SAXException {
        ValidatorHandler validator = schema.newValidatorHandler();
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        validator.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return validator;
    }

    /** An identity transformer (serialising a DOM) that loads no external DTD or stylesheet. */
    public static Transformer transformer() {
        try {
            TransformerFactory factory = TransformerFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            return factory.newTransformer();
        } catch (TransformerConfigurationException e) {
            throw unsupported(e);
        }
    }

    private static IllegalStateException unsupported(Exception e) {
        return new IllegalStateException("the JDK's XML implementation lacks a security feature", e);
    }
}
