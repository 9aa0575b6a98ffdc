package no.knutepunkt.platform.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The message types the hub knows. Immutable and thread-safe. Three groups, in this order in {@link #all()}:
 * <ol>
 * <li>Fiks Arkiv v1, read from the {@code meldingstyper.json} bundled on the classpath under
 * {@value #BASE}, each with its XSD {@code fiks-arkiv-v1/<id>.xsd} where the spec ships one;</li>
 * <li>the platform's own transport types: {@value #TIDSAVBRUDD} (a notice, no payload) and {@value #FIL}
 * (any file, not validated);</li>
 * <li>the cooperation's own message types, {@code no.knutepunkt.v1.*}, defined here in code, each with an
 * XSD {@code knutepunkt-v1/<id>.xsd} (one XML namespace per family under
 * {@code https://knutepunkt.no/standarder/samarbeid/v1/}) and a sample under {@code knutepunkt-v1/samples/}:
 * <table>
 * <caption>The cooperation's own types</caption>
 * <tr><th>type</th><th>kind</th><th>payload</th><th>answered by</th></tr>
 * <tr><td>{@value #AVTALE_SIGNERING}</td><td>REQUEST</td><td>avtale.xml</td>
 * <td>{@value #AVTALE_SIGNATUR}, {@value #AVTALE_AVSLAG}, the feilmeldinger ugyldigforespoersel and serverfeil</td></tr>
 * <tr><td>{@value #AVTALE_SIGNATUR}</td><td>RECEIPT</td><td>signatur.xml</td><td></td></tr>
 * <tr><td>{@value #AVTALE_AVSLAG}</td><td>ERROR</td><td>avslag.xml</td><td></td></tr>
 * <tr><td>{@value #PROSJEKT_DOKUMENT}</td><td>REQUEST</td><td>prosjektdokument.xml</td>
 * <td>{@value #PROSJEKT_DOKUMENT_MOTTATT}, the feilmeldinger ugyldigforespoersel and serverfeil</td></tr>
 * <tr><td>{@value #PROSJEKT_DOKUMENT_MOTTATT}</td><td>RECEIVED</td><td>none</td><td></td></tr>
 * <tr><td>{@value #UNDERSOEKELSE}</td><td>REQUEST</td><td>undersoekelse.xml</td>
 * <td>{@value #UNDERSOEKELSE_SVAR}, the feilmeldinger ugyldigforespoersel and serverfeil</td></tr>
 * <tr><td>{@value #UNDERSOEKELSE_SVAR}</td><td>RECEIPT</td><td>undersoekelse-svar.xml</td><td></td></tr>
 * <tr><td>{@value #FAKTURA}</td><td>NOTICE</td><td>faktura.xml (EHF, no XSD)</td><td></td></tr>
 * <tr><td>{@value #KREDITNOTA}</td><td>NOTICE</td><td>kreditnota.xml (EHF, no XSD)</td><td></td></tr>
 * </table>
 * Their kinds are given, not derived from the id as for Fiks Arkiv ({@code signatur} is a receipt,
 * {@code avslag} an error). The invoice and credit note are notices: like {@value #TIDSAVBRUDD}, only the hub sends
 * them ({@link Kind#NOTICE}). {@link Samarbeid} builds and reads the agreement and project payloads.</li>
 * </ol>
 *
 * <p>The spec's {@code meldingstyper.json} has two known quirks, normalised here: the request
 * types' {@code kanSvareMed} lists name {@code no.ks.fik.arkiv.v1.feilmelding.ugyldigforespoersel}
 * (a typo for {@code no.ks.fiks.arkiv.v1.feilmelding.ugyldigforespoersel}), and the feilmelding
 * types' {@code erSvarPaa} lists name {@code no.ks.fiks.arkiv.v1.arkivering.arkivmelding} (meaning
 * {@code ...arkivmelding.opprett}). Any other reference to a type the file does not define makes
 * loading fail, so that a changed spec is noticed rather than half understood.
 */
public final class MessageTypes {
    /** The classpath folder of the bundled Fiks Arkiv v1 spec files. */
    public static final String BASE = "fiks-arkiv-v1/";
    /** The start of every Fiks Arkiv v1 type's id. */
    public static final String FIKS_ARKIV_PREFIX = "no.ks.fiks.arkiv.v1.";
    /**
     * The file name KS' tooling gives most Fiks Arkiv v1 payloads, whatever the type's {@code payloadFilnavn}: taken
     * for any of them ({@link MessageType#toleratesFilename}).
     */
    public static final String KS_TOOLING_FILENAME = "arkivmelding.xml";
    /** Fiks IO's notice that a message expired before it was delivered; no payload. */
    public static final String TIDSAVBRUDD = "no.ks.fiks.kvittering.tidsavbrudd";
    /** A plain file, of any name, for exchanges no protocol covers yet; not validated. */
    public static final String FIL = "no.knutepunkt.v1.fil";

    /** The classpath folder of the XSDs (and samples) of the cooperation's own message types. */
    public static final String KNUTEPUNKT_BASE = "knutepunkt-v1/";
    /** The secretariat sends a version of the cooperation agreement to its parties for signing. */
    public static final String AVTALE_SIGNERING = "no.knutepunkt.v1.avtale.signering";
    /** A party's signature over a version of the agreement: answers {@value #AVTALE_SIGNERING}. */
    public static final String AVTALE_SIGNATUR = "no.knutepunkt.v1.avtale.signatur";
    /** A party refuses to sign a version of the agreement: answers {@value #AVTALE_SIGNERING}. */
    public static final String AVTALE_AVSLAG = "no.knutepunkt.v1.avtale.avslag";
    /** A document of a shared project, for information. */
    public static final String PROSJEKT_DOKUMENT = "no.knutepunkt.v1.prosjekt.dokument";
    /** The recipient has received a {@value #PROSJEKT_DOKUMENT}; no payload. */
    public static final String PROSJEKT_DOKUMENT_MOTTATT = "no.knutepunkt.v1.prosjekt.dokument.mottatt";
    /** A survey to the municipalities. */
    public static final String UNDERSOEKELSE = "no.knutepunkt.v1.undersoekelse";
    /** A municipality's answers to a survey: answers {@value #UNDERSOEKELSE}. */
    public static final String UNDERSOEKELSE_SVAR = "no.knutepunkt.v1.undersoekelse.svar";
    /** An EHF invoice (Peppol BIS Billing 3.0, UBL 2.1 {@code Invoice}) the hub issues; delivered through Peppol. */
    public static final String FAKTURA = "no.knutepunkt.v1.faktura";
    /** An EHF credit note (Peppol BIS Billing 3.0, UBL 2.1 {@code CreditNote}) the hub issues. */
    public static final String KREDITNOTA = "no.knutepunkt.v1.kreditnota";

    /** The protocol of the Fiks Arkiv v1 types, as Fiks IO's catalog names it. */
    public static final String FIKS_ARKIV_V1 = "no.ks.fiks.arkiv.v1";
    /** The protocol of the cooperation's own types and {@value #FIL}. */
    public static final String KNUTEPUNKT_V1 = "no.knutepunkt.v1";
    /** The protocol of Fiks IO's own notices ({@value #TIDSAVBRUDD}). */
    public static final String FIKS_KVITTERING = "no.ks.fiks.kvittering";

    static final String MELDINGSTYPER = BASE + "meldingstyper.json";
    static final String SERVERFEIL = "no.ks.fiks.arkiv.v1.feilmelding.serverfeil";
    static final String UGYLDIGFORESPOERSEL = "no.ks.fiks.arkiv.v1.feilmelding.ugyldigforespoersel";

    /** Ids as written in the spec's lists, and the ids they mean. */
    static final Map<String, String> QUIRKS = Map.of(
            "no.ks.fik.arkiv.v1.feilmelding.ugyldigforespoersel", UGYLDIGFORESPOERSEL,
            "no.ks.fiks.arkiv.v1.arkivering.arkivmelding", "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett");

    /** Strict where the spec file could be ambiguous: a member given twice is an error. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Map<String, MessageType> byId;
    private final Map<String, Set<String>> answers;

    private MessageTypes(Map<String, MessageType> byId, Map<String, Set<String>> answers) {
        this.byId = Collections.unmodifiableMap(byId);
        this.answers = Collections.unmodifiableMap(answers);
    }

    /**
     * Fiks Arkiv v1 from the classpath, the platform's own types and the cooperation's own types; built
     * once, then shared.
     */
    public static MessageTypes load() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final MessageTypes INSTANCE = fromClasspath(MessageTypes.class.getClassLoader());
    }

    static MessageTypes fromClasspath(ClassLoader loader) {
        String json;
        try (InputStream in = loader.getResourceAsStream(MELDINGSTYPER)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + MELDINGSTYPER);
            }
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MELDINGSTYPER, e);
        }
        MessageTypes types = parse(json, resource -> loader.getResource(resource) != null);
        // The own types' XSDs are part of the platform, not discovered: one missing is a broken build.
        for (MessageType type : types.all()) {
            type.schemaResource().filter(resource -> loader.getResource(resource) == null).ifPresent(resource -> {
                throw new IllegalStateException("missing classpath resource " + resource + " for " + type.id());
            });
        }
        return types;
    }

    /**
     * Builds the types from the text of a {@code meldingstyper.json} plus the platform's own and the
     * cooperation's own.
     *
     * @param schemaExists whether a classpath resource exists, to find each Fiks Arkiv type's XSD (the
     *                     cooperation's own types always name theirs, {@code knutepunkt-v1/<id>.xsd})
     */
    static MessageTypes parse(String json, Predicate<String> schemaExists) {
        if (json.startsWith("\uFEFF")) {
            json = json.substring(1);
        }
        Spec root;
        try {
            root = JSON.readValue(json, Spec.class);
        } catch (JacksonException e) {
            throw new IllegalStateException(MELDINGSTYPER + ": " + e.getOriginalMessage(), e);
        }
        Map<String, MessageType> byId = new LinkedHashMap<>();
        Map<String, List<String>> kanSvareMed = new LinkedHashMap<>();
        Map<String, List<String>> erSvarPaa = new LinkedHashMap<>();

        for (Spec.Meldingstype spec : required(root == null ? null : root.meldingstyper(), "meldingstyper")) {
            String id = required(spec.id(), "id of a meldingstype");
            boolean harPayload = Boolean.TRUE.equals(spec.harPayload());
            Optional<String> filename = harPayload
                    ? Optional.ofNullable(spec.payloadFilnavn()).filter(f -> !f.isBlank())
                    : Optional.empty();
            String xsd = BASE + id + ".xsd";
            Optional<String> schema = harPayload && schemaExists.test(xsd) ? Optional.of(xsd) : Optional.empty();
            Kind kind = kindOf(id);
            add(byId, new MessageType(id, kind, harPayload, filename, schema));
            if (spec.kanSvareMed() != null) {
                if (kind != Kind.REQUEST) {
                    throw new IllegalStateException(id + " is a " + kind + " but lists kanSvareMed");
                }
                kanSvareMed.put(id, normalised(spec.kanSvareMed(), id + ".kanSvareMed"));
            }
            if (spec.erSvarPaa() != null) {
                if (kind == Kind.REQUEST) {
                    throw new IllegalStateException(id + " looks like a request but lists erSvarPaa");
                }
                erSvarPaa.put(id, normalised(spec.erSvarPaa(), id + ".erSvarPaa"));
            }
        }

        // The platform's own types.
        add(byId, new MessageType(TIDSAVBRUDD, Kind.NOTICE, false, Optional.empty(), Optional.empty()));
        add(byId, new MessageType(FIL, Kind.REQUEST, true, Optional.empty(), Optional.empty()));
        kanSvareMed.put(FIL, List.of(SERVERFEIL, UGYLDIGFORESPOERSEL));

        // The cooperation's own types.
        own(byId, AVTALE_SIGNERING, Kind.REQUEST, "avtale.xml");
        own(byId, AVTALE_SIGNATUR, Kind.RECEIPT, "signatur.xml");
        own(byId, AVTALE_AVSLAG, Kind.ERROR, "avslag.xml");
        own(byId, PROSJEKT_DOKUMENT, Kind.REQUEST, "prosjektdokument.xml");
        own(byId, PROSJEKT_DOKUMENT_MOTTATT, Kind.RECEIVED, null);
        own(byId, UNDERSOEKELSE, Kind.REQUEST, "undersoekelse.xml");
        own(byId, UNDERSOEKELSE_SVAR, Kind.RECEIPT, "undersoekelse-svar.xml");
        // issued by the hub's invoicing runs only, built by EhfInvoice and checked against the Peppol rules in its
        // tests; the UBL schema is not bundled, so the payload is not validated here
        add(byId, new MessageType(FAKTURA, Kind.NOTICE, true, Optional.of("faktura.xml"), Optional.empty()));
        add(byId, new MessageType(KREDITNOTA, Kind.NOTICE, true, Optional.of("kreditnota.xml"), Optional.empty()));
        kanSvareMed.put(AVTALE_SIGNERING, List.of(AVTALE_SIGNATUR, AVTALE_AVSLAG, UGYLDIGFORESPOERSEL, SERVERFEIL));
        kanSvareMed.put(PROSJEKT_DOKUMENT, List.of(PROSJEKT_DOKUMENT_MOTTATT, UGYLDIGFORESPOERSEL, SERVERFEIL));
        kanSvareMed.put(UNDERSOEKELSE, List.of(UNDERSOEKELSE_SVAR, UGYLDIGFORESPOERSEL, SERVERFEIL));

        Map<String, Set<String>> answers = new LinkedHashMap<>();
        for (MessageType type : byId.values()) {
            if (type.kind() == Kind.REQUEST) {
                answers.put(type.id(), new TreeSet<>());
            }
        }
        kanSvareMed.forEach((request, replies) -> {
            for (String reply : replies) {
                requireKind(byId, reply, false, request + ".kanSvareMed");
                answers.get(request).add(reply);
            }
        });
        erSvarPaa.forEach((reply, requests) -> {
            for (String request : requests) {
                requireKind(byId, request, true, reply + ".erSvarPaa");
                answers.get(request).add(reply);
            }
        });
        answers.replaceAll((request, replies) -> Collections.unmodifiableSet(replies));
        return new MessageTypes(byId, answers);
    }

    /** The type with this id, if known. Ids are matched exactly. */
    public Optional<MessageType> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    /**
     * All known types: Fiks Arkiv's in the order of {@code meldingstyper.json}, then the platform's own,
     * then the cooperation's own.
     */
    public Collection<MessageType> all() {
        return byId.values();
    }

    /**
     * Whether a message of type {@code replyType} may answer one of type {@code requestType}: the
     * reply is in the request's {@code kanSvareMed} or the request is in the reply's
     * {@code erSvarPaa} (the spec's lists do not always agree, so either suffices), with the
     * spec's quirks normalised; for the platform's and the cooperation's own types, the answers listed
     * in the class description. False when either type is unknown.
     */
    public boolean canAnswer(String requestType, String replyType) {
        return replyType != null && answersTo(requestType).contains(replyType);
    }

    /**
     * The protocol a type belongs to, as Fiks IO's catalog and {@code meldingstyper.json} group types:
     * {@value #FIKS_ARKIV_V1}, {@value #KNUTEPUNKT_V1} or {@value #FIKS_KVITTERING}.
     */
    public static String protocolOf(String id) {
        for (String protocol : List.of(FIKS_ARKIV_V1, KNUTEPUNKT_V1, FIKS_KVITTERING)) {
            if (id.startsWith(protocol + ".")) {
                return protocol;
            }
        }
        throw new IllegalArgumentException("no protocol is known for message type " + id);
    }

    /** The types that may answer a request of this type (sorted); empty for unknown or non-request types. */
    public Set<String> answersTo(String requestType) {
        return requestType == null ? Set.of() : answers.getOrDefault(requestType, Set.of());
    }

    /** The kind of a Fiks Arkiv type, from its id. */
    static Kind kindOf(String id) {
        List<String> segments = List.of(id.split("\\."));
        String last = segments.get(segments.size() - 1);
        if (segments.contains("feilmelding")) {
            return Kind.ERROR;
        }
        if (last.equals("mottatt")) {
            return Kind.RECEIVED;
        }
        if (last.equals("kvittering") || segments.contains("resultat")) {
            return Kind.RECEIPT;
        }
        return Kind.REQUEST;
    }

    private static List<String> normalised(List<String> ids, String owner) {
        Set<String> out = new LinkedHashSet<>();
        for (String id : ids) {
            String s = required(id, "an entry of " + owner);
            out.add(QUIRKS.getOrDefault(s, s));
        }
        return List.copyOf(out);
    }

    private static void requireKind(Map<String, MessageType> byId, String id, boolean request, String where) {
        MessageType type = byId.get(id);
        if (type == null) {
            throw new IllegalStateException(where + " names an unknown message type " + id);
        }
        if ((type.kind() == Kind.REQUEST) != request) {
            throw new IllegalStateException(where + " names " + id + ", a " + type.kind());
        }
    }

    /** One of the cooperation's own types; {@code filename} null for a type without payload. */
    private static void own(Map<String, MessageType> byId, String id, Kind kind, String filename) {
        boolean payload = filename != null;
        add(byId, new MessageType(id, kind, payload, Optional.ofNullable(filename),
                payload ? Optional.of(KNUTEPUNKT_BASE + id + ".xsd") : Optional.empty()));
    }

    private static void add(Map<String, MessageType> byId, MessageType type) {
        protocolOf(type.id()); // every type belongs to a protocol the catalog can name
        if (byId.putIfAbsent(type.id(), type) != null) {
            throw new IllegalStateException("message type " + type.id() + " defined twice");
        }
    }

    private static <T> T required(T value, String what) {
        if (value == null) {
            throw new IllegalStateException(MELDINGSTYPER + ": " + what + " is missing");
        }
        return value;
    }

    /** What the hub reads of {@code meldingstyper.json}; other members are ignored. */
    private record Spec(List<Meldingstype> meldingstyper) {
        private record Meldingstype(String id, Boolean harPayload, String payloadFilnavn, List<String> kanSvareMed,
                                    List<String> erSvarPaa) {
        }
    }

    @Override
    public String toString() {
        return "MessageTypes" + byId.keySet();
    }
}
