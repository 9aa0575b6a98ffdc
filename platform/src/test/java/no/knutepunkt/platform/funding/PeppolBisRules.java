package no.knutepunkt.platform.funding;

import com.helger.diagnostics.error.IError;
import com.helger.diagnostics.error.level.EErrorLevel;
import com.helger.phive.api.EValidationType;
import com.helger.phive.api.artefact.IValidationArtefact;
import com.helger.phive.api.executor.IValidationExecutor;
import com.helger.phive.api.executorset.IValidationExecutorSet;
import com.helger.phive.api.executorset.ValidationExecutorSetRegistry;
import com.helger.phive.api.result.ValidationResult;
import com.helger.phive.peppol.PeppolValidation2025_05;
import com.helger.phive.xml.schematron.ValidationExecutorSchematron;
import com.helger.phive.xml.source.IValidationSourceXML;
import com.helger.phive.xml.source.ValidationSourceXML;
import com.helger.schematron.xslt.SchematronResourceXSLT;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.transform.dom.DOMSource;
import no.knutepunkt.platform.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The official Peppol BIS Billing 3.0 rules, as registered by phive-rules-peppol ({@link PeppolValidation2025_05},
 * the newest Billing release it ships), applied layer by layer in the order of the phive executor set: the UBL 2.1
 * XML Schema, then the CEN EN 16931 Schematron, then the Peppol Schematron (which holds the national rules NO-R-*).
 *
 * <p>Why not {@code ValidationExecutionManager.executeValidation}: phive's Schematron executor reads the SVRL report
 * through JAXB ({@code SVRLMarshaller}), and phive-rules-peppol brings only the JAXB API, no JAXB implementation; the
 * platform module may add just the one test dependency. So the XML Schema layer runs through phive's own executor,
 * and each Schematron layer runs phive's artefact (the precompiled XSLT in phive-rules-peppol) with ph-schematron,
 * phive's Schematron engine, reading the SVRL as DOM instead of JAXB. Failed asserts and successful reports count as
 * errors unless flagged warning or info, as in phive. Adding {@code org.glassfish.jaxb:jaxb-runtime} would let the
 * executor set run unchanged.
 *
 * <p>Shared with the hub's tests through the platform's test jar, which check the invoices the hub issues.
 */
public final class PeppolBisRules {
    public static final String SVRL = "http://purl.oclc.org/dsdl/svrl";
    private static final Set<String> NOT_ERRORS = Set.of("warning", "warn", "info", "information", "notice");

    /** A finding of one layer. */
    public record Finding(String layer, String id, String flag, boolean error, String location, String text) {
        @Override
        public String toString() {
            return id + " (" + flag + ") at " + location + ": " + text;
        }
    }

    /** What one document got: the layers that ran, in order, and their findings. */
    public record Report(List<String> layersRun, List<Finding> findings) {
        public List<Finding> errors() {
            return findings.stream().filter(Finding::error).toList();
        }

        public List<Finding> warnings() {
            return findings.stream().filter(f -> !f.error()).toList();
        }

        public boolean containsAtLeastOneError() {
            return !errors().isEmpty();
        }
    }

    private record Layer(String name, IValidationExecutor<IValidationSourceXML> xsd, SchematronResourceXSLT schematron) {
    }

    final IValidationExecutorSet<IValidationSourceXML> executorSet;
    private final List<Layer> layers = new ArrayList<>();

    private PeppolBisRules(IValidationExecutorSet<IValidationSourceXML> executorSet) {
        this.executorSet = executorSet;
        for (IValidationExecutor<IValidationSourceXML> executor : executorSet.getAllExecutors()) {
            IValidationArtefact artefact = executor.getValidationArtefact();
            String name = artefact.getValidationType().getID() + " " + artefact.getRuleResourcePath();
            if (artefact.getValidationType() == EValidationType.XSD) {
                layers.add(new Layer(name, executor, null));
            } else if (artefact.getValidationType() == EValidationType.SCHEMATRON_XSLT
                    && executor instanceof ValidationExecutorSchematron sch
                    && (sch.getPrerequisiteXPath() == null || sch.getPrerequisiteXPath().isEmpty())) {
                SchematronResourceXSLT xslt = new SchematronResourceXSLT(artefact.getRuleResource());
                xslt.setUseCache(true);
                if (!xslt.isValidSchematron()) {
                    throw new IllegalStateException("the rules of " + name + " do not compile");
                }
                layers.add(new Layer(name, null, xslt));
            } else {
                throw new IllegalStateException("no support for the layer " + name + " of " + executorSet.getID());
            }
        }
    }

    /** The rules for invoices and credit notes of the newest Peppol BIS Billing 3.0 release in phive-rules-peppol. */
    public static PeppolBisRules[] invoiceAndCreditNote() {
        ValidationExecutorSetRegistry<IValidationSourceXML> registry = new ValidationExecutorSetRegistry<>();
        PeppolValidation2025_05.init(registry);
        return new PeppolBisRules[] {
                new PeppolBisRules(registry.getOfID(PeppolValidation2025_05.VID_OPENPEPPOL_INVOICE_UBL_V3)),
                new PeppolBisRules(registry.getOfID(PeppolValidation2025_05.VID_OPENPEPPOL_CREDIT_NOTE_UBL_V3))};
    }

    public String id() {
        return executorSet.getID().getAsSingleID();
    }

    public int layerCount() {
        return layers.size();
    }

    /** Validates; like phive, stops after a layer that has an error. */
    public Report validate(byte[] xml) {
        Document doc = parse(xml);
        List<String> run = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (Layer layer : layers) {
            run.add(layer.name());
            boolean error = false;
            if (layer.xsd() != null) {
                ValidationResult result = layer.xsd().applyValidation(ValidationSourceXML.create("ehf.xml", doc),
                        Locale.ROOT);
                for (IError e : result.getErrorList()) {
                    boolean isError = e.getErrorLevel().isGE(EErrorLevel.ERROR);
                    error |= isError;
                    findings.add(new Finding(layer.name(), e.getErrorID(), e.getErrorLevel().getID(), isError,
                            e.getErrorFieldName(), e.getErrorText(Locale.ROOT)));
                }
            } else {
                Document svrl;
                try {
                    svrl = layer.schematron().applySchematronValidation(new DOMSource(doc));
                } catch (Exception e) {
                    throw new IllegalStateException("the rules of " + layer.name() + " failed to run", e);
                }
                if (svrl == null || !SVRL.equals(svrl.getDocumentElement().getNamespaceURI())
                        || !"schematron-output".equals(svrl.getDocumentElement().getLocalName())) {
                    throw new IllegalStateException("the rules of " + layer.name() + " produced no SVRL report");
                }
                for (String kind : List.of("failed-assert", "successful-report")) {
                    NodeList nodes = svrl.getElementsByTagNameNS(SVRL, kind);
                    for (int i = 0; i < nodes.getLength(); i++) {
                        Element e = (Element) nodes.item(i);
                        String flag = e.getAttribute("flag");
                        boolean isError = !NOT_ERRORS.contains(flag.toLowerCase(Locale.ROOT));
                        error |= isError;
                        NodeList text = e.getElementsByTagNameNS(SVRL, "text");
                        findings.add(new Finding(layer.name(), e.getAttribute("id"), flag.isEmpty() ? "error" : flag,
                                isError, e.getAttribute("location"),
                                text.getLength() > 0 ? text.item(0).getTextContent().strip() : ""));
                    }
                }
            }
            if (error) {
                break;
            }
        }
        return new Report(run, findings);
    }

    public static Document parse(byte[] xml) {
        try {
            return SecureXml.parse(xml);
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML", e);
        }
    }
}
