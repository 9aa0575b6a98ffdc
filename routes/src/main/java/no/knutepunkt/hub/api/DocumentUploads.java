package no.knutepunkt.hub.api;

import java.io.IOException;
import no.knutepunkt.hub.messaging.intake.IntakeProperties;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The secretariat's uploads (a distribution's document, an agreement, a project document): a multipart body with a
 * JSON {@code metadata} part and a required {@code data} part, within {@code knutepunkt.intake.max-metadata-bytes}
 * and {@code max-document-bytes}.
 */
@Component
public class DocumentUploads {
    private final int maxMetadata;
    private final long maxDocument;
    private final ApiJson json;

    public DocumentUploads(IntakeProperties intake, ApiJson json) {
        this.json = json;
        this.maxMetadata = (int) intake.maxMetadataBytes().toBytes();
        this.maxDocument = intake.maxDocumentBytes().toBytes();
    }

    /** An upload's metadata and its document. */
    public record Upload<T>(T metadata, byte[] document) {
    }

    /**
     * Reads the upload of {@code exchange}; refuses (a Problem) a body that is not such an upload, metadata that is
     * not a {@code type}, a missing document and sizes above the limits.
     *
     * @param dataDescription what the data part is, for the refusals ("the agreement document")
     */
    public <T> Upload<T> read(Exchange exchange, String dataDescription, Class<T> type) throws IOException {
        MultipartRequest request = MultipartRequest.of(exchange, dataDescription, json);
        T metadata = request.metadata(type, maxMetadata);
        byte[] document = request.data(maxDocument).orElseThrow(() -> request.missing("data"));
        return new Upload<>(metadata, document);
    }
}
