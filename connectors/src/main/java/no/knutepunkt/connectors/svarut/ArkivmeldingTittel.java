package no.knutepunkt.connectors.svarut;

import java.io.ByteArrayInputStream;
import java.util.Objects;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * The tittel of an arkivmelding (Fiks Arkiv's, or Noark 5's older one): the registrering's, else
 * the mappe's. Parsed with DTDs refused and nothing external loaded; anything that is not a
 * readable arkivmelding with a tittel gives none.
 */
final class ArkivmeldingTittel {
    private ArkivmeldingTittel() {
    }

    static Optional<String> of(byte[] xml) {
        Element root;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXParseException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXParseException {
                    throw e;
                }
            });
            root = builder.parse(new ByteArrayInputStream(xml)).getDocumentElement();
        } catch (Exception e) {
            return Optional.empty();
        }
        if (!"arkivmelding".equals(root.getLocalName())) {
            return Optional.empty();
        }
        String ns = root.getNamespaceURI();
        Optional<Element> mappe = child(root, ns, "mappe");
        Optional<String> registrering = child(root, ns, "registrering").or(() -> child(root, ns, "basisregistrering"))
                .or(() -> mappe.flatMap(m -> child(m, ns, "registrering")))
                .or(() -> mappe.flatMap(m -> child(m, ns, "basisregistrering")))
                .flatMap(r -> tittel(r, ns));
        return registrering.or(() -> mappe.flatMap(m -> tittel(m, ns)));
    }

    private static Optional<String> tittel(Element parent, String ns) {
        return child(parent, ns, "tittel").map(t -> t.getTextContent().strip().replaceAll("\\s+", " "))
                .filter(t -> !t.isEmpty());
    }

    private static Optional<Element> child(Element parent, String ns, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())
                    && Objects.equals(ns, e.getNamespaceURI())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
