package no.knutepunkt.connectors.noark5;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.ls.DOMImplementationLS;
import org.w3c.dom.ls.LSInput;
import org.xml.sax.SAXException;

/** The Fiks Arkiv v1 XSDs copied into the test resources, loaded from the classpath only. */
final class FiksArkivSchemas {
    static final String DIR = "fiks-arkiv-v1/";
    static final String OPPRETT = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd";
    static final String KVITTERING = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering.xsd";

    private FiksArkivSchemas() {
    }

    static Schema schema(String name) throws SAXException {
        DOMImplementationLS ls;
        try {
            ls = (DOMImplementationLS) DocumentBuilderFactory.newInstance().newDocumentBuilder().getDOMImplementation();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setResourceResolver((type, namespace, publicId, systemId, baseUri) -> {
            String file = systemId.substring(systemId.lastIndexOf('/') + 1);
            LSInput input = ls.createLSInput();
            input.setByteStream(new ByteArrayInputStream(resource(DIR + file)));
            input.setSystemId(systemId);
            input.setBaseURI(baseUri);
            return input;
        });
        URL url = FiksArkivSchemas.class.getClassLoader().getResource(DIR + name);
        if (url == null) {
            throw new IllegalStateException("no resource " + DIR + name);
        }
        return factory.newSchema(new StreamSource(new ByteArrayInputStream(resource(DIR + name)), url.toString()));
    }

    /** Validates, throwing a SAXException that says what is wrong. */
    static void validate(String schema, byte[] xml) throws SAXException, IOException {
        schema(schema).newValidator().validate(new StreamSource(new ByteArrayInputStream(xml)));
    }

    static byte[] resource(String name) {
        try (InputStream in = FiksArkivSchemas.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
