package no.knutepunkt.platform.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/** Every kind of object the factory makes refuses a DOCTYPE and never reaches out for an external entity. */
class SecureXmlTest {
    /** Answers any request with a harmless DTD/schema, and counts the requests. */
    static HttpServer server;
    static final AtomicInteger fetched = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            fetched.incrementAndGet();
            byte[] body = "<!ENTITY secret \"fetched\">".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @BeforeEach
    void reset() {
        fetched.set(0);
    }

    static String url(String file) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + file;
    }

    /** An external general entity, declared in the internal subset. */
    static byte[] externalEntity() {
        return ("<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY secret SYSTEM \"" + url("secret.txt") + "\">]>\n"
                + "<a>&secret;</a>").getBytes(StandardCharsets.UTF_8);
    }

    /** An external DTD that would declare the entity. */
    static byte[] externalDtd() {
        return ("<?xml version=\"1.0\"?>\n<!DOCTYPE a SYSTEM \"" + url("a.dtd") + "\">\n<a>&secret;</a>")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Entity expansion: a billion laughs, needing no network at all. */
    static byte[] laughs() {
        StringBuilder dtd = new StringBuilder("<!ENTITY l0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY l").append(i).append(" \"")
                    .append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        return ("<?xml version=\"1.0\"?>\n<!DOCTYPE a [" + dtd + "]>\n<a>&l9;</a>").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aDomParserRefusesADoctype() {
        for (byte[] xml : new byte[][] {externalEntity(), externalDtd(), laughs()}) {
            assertThatThrownBy(() -> SecureXml.parse(xml)).isInstanceOf(SAXException.class)
                    .hasMessageContaining("DOCTYPE");
        }
        assertThat(fetched).hasValue(0);
    }

    @Test
    void aSaxReaderRefusesADoctype() throws Exception {
        for (byte[] xml : new byte[][] {externalEntity(), externalDtd(), laughs()}) {
            var reader = SecureXml.xmlReader();
            reader.setContentHandler(new DefaultHandler());
            assertThatThrownBy(() -> reader.parse(new InputSource(new ByteArrayInputStream(xml))))
                    .isInstanceOf(SAXException.class).hasMessageContaining("DOCTYPE");
        }
        assertThat(fetched).hasValue(0);
    }

    @Test
    void aSchemaFactoryFetchesNoImportedSchema() throws Exception {
        String xsd = "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"urn:a\">"
                + "<xs:import namespace=\"urn:b\" schemaLocation=\"" + url("b.xsd") + "\"/>"
                + "<xs:element name=\"a\" type=\"xs:string\"/></xs:schema>";
        var factory = SecureXml.schemaFactory();
        factory.setErrorHandler(new DefaultHandler() {
            @Override
            public void warning(org.xml.sax.SAXParseException e) throws SAXException {
                throw e; // the refused import is only a warning; make it visible
            }
        });
        assertThatThrownBy(() -> factory.newSchema(new StreamSource(new StringReader(xsd))))
                .isInstanceOf(SAXException.class).hasMessageContaining("b.xsd");
        assertThat(fetched).hasValue(0);
    }

    @Test
    void aTransformerFetchesNoExternalDtd() {
        var transformer = SecureXml.transformer();
        assertThatThrownBy(() -> transformer.transform(
                new StreamSource(new ByteArrayInputStream(externalDtd())), new StreamResult(new StringWriter())))
                .hasMessageContaining("a.dtd");
        assertThat(fetched).hasValue(0);
    }

    @Test
    void aPlainDocumentIsReadNamespaceAware() throws Exception {
        var doc = SecureXml.parse("<p:a xmlns:p=\"urn:p\">x</p:a>".getBytes(StandardCharsets.UTF_8));
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("urn:p");
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("a");
        assertThat(doc.getDocumentElement().getTextContent()).isEqualTo("x");
    }
}
