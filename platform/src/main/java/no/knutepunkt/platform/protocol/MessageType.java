package no.knutepunkt.platform.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * One message type.
 *
 * @param id              the type's id, e.g. {@code no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett}
 * @param kind            what the type is for
 * @param hasPayload      whether a message of this type carries a payload
 * @param payloadFilename the payload's required file name; empty when there is no payload or when any
 *                        file name will do (e.g. {@code innsyn.dokumentfil.hent.resultat})
 * @param schemaResource  the classpath resource of the XSD that validates the payload, e.g.
 *                        {@code fiks-arkiv-v1/no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd};
 *                        empty when the payload is not validated
 */
public record MessageType(String id, Kind kind, boolean hasPayload, Optional<String> payloadFilename,
                          Optional<String> schemaResource) {

    public MessageType {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payloadFilename, "payloadFilename");
        Objects.requireNonNull(schemaResource, "schemaResource");
        if (id.isBlank()) {
            throw new IllegalArgumentException("blank message type id");
        }
        if (!hasPayload && (payloadFilename.isPresent() || schemaResource.isPresent())) {
            throw new IllegalArgumentException(id + ": a type without payload has no payload file name or schema");
        }
        if (payloadFilename.map(String::isBlank).orElse(false)) {
            throw new IllegalArgumentException(id + ": blank payload file name; use Optional.empty() for any name");
        }
    }

    /**
     * Whether a payload of this type may come under {@code filnavn} although the type gives another name: KS' tooling
     * names most Fiks Arkiv v1 payloads {@value MessageTypes#KS_TOOLING_FILENAME} whatever the type's
     * {@code payloadFilnavn}, so a Fiks Arkiv v1 type with a payload file name also takes that one. The hub accepts
     * it and records the deviation; any other name stays refused.
     */
    public boolean toleratesFilename(String filnavn) {
        return id.startsWith(MessageTypes.FIKS_ARKIV_PREFIX) && payloadFilename.isPresent()
                && !payloadFilename.get().equals(filnavn) && MessageTypes.KS_TOOLING_FILENAME.equals(filnavn);
    }
}
