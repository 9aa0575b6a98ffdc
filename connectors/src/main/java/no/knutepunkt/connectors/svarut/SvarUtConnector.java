package no.knutepunkt.connectors.svarut;

import java.util.Locale;
import java.util.Optional;
import no.knutepunkt.connectors.Connector;
import no.knutepunkt.connectors.Delivery;
import no.knutepunkt.connectors.DeliveryException;
import no.knutepunkt.connectors.DeliveryResult;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivery by KS SvarUt, the national forsendelse service, for recipients without an archive
 * integration: the payload as the sender signed it ({@link Delivery#content()}) goes as one
 * document of a forsendelse to the recipient organisation's digital address (its orgnr), with the
 * hub's meldingId as {@code eksternReferanse}.
 *
 * <p>Any message type is sent. The forsendelse's tittel is, for an arkivmelding.xml, the
 * registrering's (else the mappe's) tittel; otherwise, or when the XML cannot be read, the file name.
 *
 * <p>After the send, the forsendelse's status is asked once and recorded. The forsendelse exists
 * once the send has answered, so a failing status call does not fail the delivery (trying again
 * would send it twice): it is recorded as {@code SvarUt status unknown: ...}.
 *
 * <p>With {@code printFallback}, SvarUt may print and post the forsendelse when no digital channel
 * reaches the recipient ({@code kunDigitalLevering=false}); the forsendelse carries no postal
 * address, so that relies on SvarUt finding one for the orgnr.
 */
public final class SvarUtConnector implements Connector {
    public static final String NAME = "svarut";
    static final String AVGIVENDE_SYSTEM = "Knutepunkt";
    private final SvarUtClient client;
    private final boolean printFallback;

    public SvarUtConnector(SvarUtClient client, boolean printFallback) {
        this.client = client;
        this.printFallback = printFallback;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DeliveryResult deliver(Delivery delivery) throws DeliveryException {
        byte[] content = delivery.content().bytes();
        String filnavn = SvarUtClient.filnavn(delivery.filnavn());
        String mimeType = mimeType(filnavn);
        ObjectNode forsendelse = forsendelse(delivery, tittel(delivery, content), filnavn, mimeType);

        String id = client.sendForsendelse(forsendelse, filnavn, mimeType, content);

        String status;
        try {
            status = "SvarUt status " + client.status(id);
        } catch (DeliveryException e) {
            status = "SvarUt status unknown: " + e.getMessage();
        }
        return DeliveryResult.delivered("SvarUt forsendelse " + id, status);
    }

    ObjectNode forsendelse(Delivery delivery, String tittel, String filnavn, String mimeType) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode f = nodes.objectNode();
        f.put("tittel", tittel);
        f.putObject("mottaker").putObject("digitalAdresse").put("organisasjonsNummer", delivery.mottaker());
        f.put("kunDigitalLevering", !printFallback);
        f.put("krevNiva4Innlogging", false);
        f.put("kryptert", false);
        f.put("eksternReferanse", delivery.meldingId());
        ObjectNode dokument = f.putArray("dokumenter").addObject();
        dokument.put("filnavn", filnavn);
        dokument.put("mimeType", mimeType);
        f.put("avgivendeSystem", AVGIVENDE_SYSTEM);
        return f;
    }

    static String mimeType(String filnavn) {
        String name = filnavn.toLowerCase(Locale.ROOT);
        if (name.endsWith(".xml")) {
            return "application/xml";
        }
        if (name.endsWith(".pdf")) {
            return "application/pdf";
        }
        return "application/octet-stream";
    }

    private static String tittel(Delivery delivery, byte[] content) {
        Optional<String> fromXml = delivery.filnavn() != null
                && delivery.filnavn().toLowerCase(Locale.ROOT).endsWith(".xml")
                ? ArkivmeldingTittel.of(content) : Optional.empty();
        return fromXml.orElse(delivery.filnavn() == null || delivery.filnavn().isBlank()
                ? delivery.meldingType() : delivery.filnavn());
    }
}
