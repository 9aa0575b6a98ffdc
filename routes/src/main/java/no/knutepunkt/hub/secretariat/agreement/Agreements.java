package no.knutepunkt.hub.secretariat.agreement;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import no.knutepunkt.hub.api.MultipartRequest;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.messaging.AnswerHandler;
import no.knutepunkt.hub.messaging.PayloadChecks;
import no.knutepunkt.hub.secretariat.distribution.Distributions;
import no.knutepunkt.platform.crypto.CmsVerifier;
import no.knutepunkt.platform.crypto.SignatureRejected;
import no.knutepunkt.platform.identity.Identities;
import no.knutepunkt.platform.message.Envelope;
import no.knutepunkt.platform.protocol.Samarbeid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The cooperation agreement (seed 001 §5): the secretariat registers a version and distributes it
 * for signing; each party's system answers with a CMS signature over the exact document, which
 * the hub verifies against that party's certificate; a version is in force when every party has
 * signed. An amendment is a new version that again needs every party.
 */
@Component
public class Agreements implements AnswerHandler {
    public static final String SIGNERING = "no.knutepunkt.v1.avtale.signering";
    public static final String SIGNATUR = "no.knutepunkt.v1.avtale.signatur";
    public static final String AVSLAG = "no.knutepunkt.v1.avtale.avslag";
    private static final Logger log = LoggerFactory.getLogger(Agreements.class);
    private final AgreementStore store;
    private final Distributions distributions;
    private final Identities identities;
    private final CmsVerifier verifier;
    private final TransactionTemplate tx;

    public Agreements(AgreementStore store, Distributions distributions, Identities identities, CmsVerifier verifier,
                      TransactionTemplate tx) {
        this.store = store;
        this.distributions = distributions;
        this.identities = identities;
        this.verifier = verifier;
        this.tx = tx;
    }

    /** The refusal of a text longer than its column (see {@link no.knutepunkt.hub.api.ApiJson#read}). */
    static final String MAX = "must have at most {max} characters";

    /**
     * A version to register.
     *
     * @param noekkel         the client's key for this version (idempotency)
     * @param parter          the parties (first version only; an amendment keeps the parties)
     * @param gyldigTil       valid to (ISO date), e.g. 2025-01-01 in the seed
     * @param evalueringsdato when it is evaluated (ISO date), optional
     */
    public record Request(@Size(max = 200, message = MAX) String noekkel, @Size(max = 500, message = MAX) String tittel,
                          @Valid Distributions.Target parter, @Size(max = 40, message = MAX) String gyldigTil,
                          @Size(max = 40, message = MAX) String evalueringsdato,
                          @Size(max = 255, message = MAX) String filnavn,
                          @Size(max = 100, message = MAX) String mimeType) {
    }

    /** Registers the first version of a new agreement and sends it for signing. */
    public AgreementStore.Version register(Request request, byte[] document, String by) {
        String noekkel = key(request);
        Optional<AgreementStore.Version> earlier = store.byKey(noekkel);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        if (request.parter() == null) {
            throw MultipartRequest.invalid("parter", "parter is required: {\"alle\": true} or {\"mottakere\": [...]}");
        }
        String id = UUID.nameUUIDFromBytes(("avtale:" + noekkel).getBytes(StandardCharsets.UTF_8)).toString();
        return send(id, 1, request, distributions.members(request.parter()), Optional.empty(), document, by);
    }

    /** Registers an amendment: the next version, for every party of the previous one. */
    public AgreementStore.Version amend(String id, Request request, byte[] document, String by) {
        String noekkel = key(request);
        Optional<AgreementStore.Version> earlier = store.byKey(noekkel);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        List<AgreementStore.Version> versions = store.versions(id);
        if (versions.isEmpty()) {
            throw Problem.notFound("no agreement " + id);
        }
        AgreementStore.Version previous = versions.get(versions.size() - 1);
        if (request.parter() != null) {
            throw MultipartRequest.invalid("parter", "an amendment needs every party of the agreement;"
                    + " parter cannot be changed");
        }
        List<String> parties = store.parties(id, previous.versjon()).stream().map(AgreementStore.Party::orgnr).toList();
        return send(id, previous.versjon() + 1, request, parties, Optional.of(id + "/" + previous.versjon()),
                document, by);
    }

    private AgreementStore.Version send(String id, int versjon, Request request, List<String> parties,
                                        Optional<String> endringAv, byte[] document, String by) {
        String tittel = required("tittel", request.tittel());
        LocalDate gyldigTil = date("gyldigTil", required("gyldigTil", request.gyldigTil()));
        Optional<LocalDate> evaluering = Optional.ofNullable(request.evalueringsdato()).map(d -> date("evalueringsdato", d));
        String filnavn = required("filnavn", request.filnavn());
        PayloadChecks.checkFileName("filnavn", filnavn);
        String mimeType = Optional.ofNullable(request.mimeType()).orElse("application/octet-stream");
        if (document.length == 0) {
            throw MultipartRequest.invalid("data", "the agreement document is empty");
        }
        byte[] avtale;
        try {
            avtale = Samarbeid.avtaleSignering(id, versjon, tittel, parties, gyldigTil, evaluering.orElse(null),
                    endringAv.orElse(null), filnavn, mimeType, document);
        } catch (IllegalArgumentException e) {
            throw MultipartRequest.invalid(null, "the agreement cannot be sent as given: " + e.getMessage());
        }
        var distribution = distributions.register(new Distributions.Request("avtale:" + key(request), SIGNERING,
                "avtale.xml", new Distributions.Target(null, null, null, parties), null), avtale, by).distribution();
        AgreementStore.Version version = new AgreementStore.Version(id, versjon, key(request), tittel, gyldigTil,
                evaluering, filnavn, mimeType, sha256(document), distribution.id(), Optional.empty(), by, Instant.now());
        tx.executeWithoutResult(s -> store.insert(version, document, parties));
        log.info("Agreement {} version {} sent for signing to {} parties (distribution {})", id, versjon,
                parties.size(), distribution.id());
        return store.version(id, versjon).orElseThrow();
    }

    @Override
    public boolean handles(String meldingType) {
        return SIGNATUR.equals(meldingType) || AVSLAG.equals(meldingType);
    }

    @Override
    public Consumer<String> check(Envelope answer, byte[] content) {
        if (SIGNATUR.equals(answer.meldingType())) {
            Samarbeid.Signatur signatur = read(() -> Samarbeid.readSignatur(content));
            AgreementStore.Version version = openParty(signatur.avtaleId(), signatur.versjon(), signatur.orgnr(),
                    answer.avsender());
            try {
                verifier.verifyDetached(signatur.signedData(), store.dokument(version.id(), version.versjon()),
                        identities.certificatesOf(answer.avsender()), Instant.now());
            } catch (SignatureRejected e) {
                throw new Problem(422, "agreement-signature-invalid", "Signature does not hold",
                        "the signature is not " + answer.avsender() + "'s over the exact document of agreement "
                                + version.id() + " version " + version.versjon() + ": " + e.getMessage());
            }
            return meldingId -> {
                store.answer(version.id(), version.versjon(), answer.avsender(), AgreementStore.SIGNED, meldingId,
                        signatur.signedData(), null);
                if (store.putInForceIfAllSigned(version.id(), version.versjon())) {
                    log.info("Agreement {} version {} is in force: every party has signed", version.id(),
                            version.versjon());
                }
            };
        }
        Samarbeid.Avslag avslag = read(() -> Samarbeid.readAvslag(content));
        AgreementStore.Version version = openParty(avslag.avtaleId(), avslag.versjon(), avslag.orgnr(),
                answer.avsender());
        return meldingId -> store.answer(version.id(), version.versjon(), answer.avsender(), AgreementStore.REFUSED,
                meldingId, null, avslag.grunngiving());
    }

    private AgreementStore.Version openParty(String avtaleId, int versjon, String orgnr, String avsender) {
        if (!orgnr.equals(avsender)) {
            throw new Problem(422, "agreement-party-mismatch", "Not the sender's answer",
                    "the answer names party " + orgnr + " but comes from " + avsender);
        }
        AgreementStore.Version version = store.version(avtaleId, versjon).orElseThrow(() -> new Problem(422,
                "unknown-agreement", "Unknown agreement", "no agreement " + avtaleId + " version " + versjon));
        AgreementStore.Party party = store.party(avtaleId, versjon, orgnr).orElseThrow(() -> new Problem(422,
                "not-a-party", "Not a party", orgnr + " is not a party to agreement " + avtaleId + " version "
                        + versjon));
        if (!party.state().equals(AgreementStore.NOT_SIGNED)) {
            throw new Problem(409, "already-answered", "Already answered", orgnr + " has answered agreement "
                    + avtaleId + " version " + versjon + " already (" + party.state() + ")");
        }
        return version;
    }

    private static <T> T read(java.util.function.Supplier<T> reader) {
        try {
            return reader.get();
        } catch (IllegalArgumentException e) {
            throw new Problem(422, "schema-invalid", "Payload cannot be read", e.getMessage());
        }
    }

    private static String key(Request request) {
        String noekkel = Optional.ofNullable(request.noekkel()).map(String::strip).orElse("");
        if (noekkel.isEmpty() || noekkel.length() > 190) {
            throw MultipartRequest.invalid("noekkel", "noekkel, the client's key for this version, is required"
                    + " (1 to 190 characters)");
        }
        return noekkel;
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw MultipartRequest.invalid(field, "metadata field '" + field + "' is required");
        }
        return value.strip();
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw MultipartRequest.invalid(field, field + " must be an ISO date (YYYY-MM-DD), not '" + value + "'");
        }
    }

    private static String sha256(byte[] document) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(document));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
