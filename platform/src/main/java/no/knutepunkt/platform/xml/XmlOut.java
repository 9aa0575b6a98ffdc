package no.knutepunkt.platform.xml;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;

/** Building the platform's XML payloads: an empty namespace-aware DOM, and its UTF-8 serialisation. */
public final class XmlOut {
    private XmlOut() {
    }

    public static Document newDocument() {
        Document doc = SecureXml.documentBuilder().newDocument();
        doc.setXmlStandalone(true); // no standalone="no" in the declaration
        return doc;
    }

    public static byte[] serialise(Document doc) {
        try {
            Transformer transformer = SecureXml.transformer();
            transformer.setOutputProperty(OutputKeys.METHOD, "xml");
            transformer.setOutputProperty(OutputKeys.ENCODING, StandardCharsets.UTF_8.name());
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            // the JDK's serialiser: a line break after the XML declaration (ignored elsewhere)
            transformer.setOutputProperty("http://www.oracle.com/xml/is-standalone", "yes");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot serialise the payload", e);
        }
    }
}
