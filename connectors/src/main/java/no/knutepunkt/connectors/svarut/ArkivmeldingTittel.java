package no.knutepunkt.connectors.svarut;

import java.util.Objects;
import java.util.Optional;
import no.knutepunkt.platform.xml.SecureXml;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

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
            root = SecureXml.parse(xml).getDocumentElement();
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
