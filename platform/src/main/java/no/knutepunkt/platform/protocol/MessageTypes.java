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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The message types the hub knows: Fiks Arkiv v1, read from the {@code meldingstyper.json} bundled
 * on the classpath under {@value #BASE}, and the platform's own types ({@value #TIDSAVBRUDD},
 * {@value #FIL}). Immutable and thread-safe.
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
    /** Fiks IO's notice that a message expired before it was delivered; no payload. */
    public static final String TIDSAVBRUDD = "no.ks.fiks.kvittering.tidsavbrudd";
    /** A plain file, of any name, for exchanges no protocol covers yet; not validated. */
    public static final String FIL = "no.knutepunkt.v1.fil";

    static final String MELDINGSTYPER = BASE + "meldingstyper.json";
    static final String SERVERFEIL = "no.ks.fiks.arkiv.v1.feilmelding.serverfeil";
    static final String UGYLDIGFORESPOERSEL = "no.ks.fiks.arkiv.v1.feilmelding.ugyldigforespoersel";

    /** Ids as written in the spec's lists, and the ids they mean. */
    static final Map<String, String> QUIRKS = Map.of(
            "no.ks.fik.arkiv.v1.feilmelding.ugyldigforespoersel", UGYLDIGFORESPOERSEL,
            "no.ks.fiks.arkiv.v1.arkivering.arkivmelding", "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett");

    private final Map<String, MessageType> byId;
    private final Map<String, Set<String>> answers;

    private MessageTypes(Map<String, MessageType> byId, Map<String, Set<String>> answers) {
        this.byId = Collections.unmodifiableMap(byId);
        this.answers = Collections.unmodifiableMap(answers);
    }

    /** Fiks Arkiv v1 from the classpath and the platform's own types; built once, then shared. */
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
        return parse(json, resource -> loader.getResource(resource) != null);
    }

    /**
     * Builds the types from the text of a {@code meldingstyper.json} plus the platform's own.
     *
     * @param schemaExists whether a classpath resource exists, to find each type's XSD
     */
    static MessageTypes parse(String json, Predicate<String> schemaExists) {
        if (json.startsWith("\uFEFF")) {
            json = json.substring(1);
        }
        Map<String, Object> root = asObject(Json.parse(json), MELDINGSTYPER);
        Map<String, MessageType> byId = new LinkedHashMap<>();
        Map<String, List<String>> kanSvareMed = new LinkedHashMap<>();
        Map<String, List<String>> erSvarPaa = new LinkedHashMap<>();

        for (Object entry : asList(root.get("meldingstyper"), "meldingstyper")) {
            Map<String, Object> spec = asObject(entry, "a meldingstype");
            String id = asString(spec.get("id"), "id");
            boolean harPayload = Boolean.TRUE.equals(spec.get("harPayload"));
            Optional<String> filename = harPayload
                    ? Optional.ofNullable(spec.get("payloadFilnavn")).map(f -> asString(f, id + ".payloadFilnavn"))
                            .filter(f -> !f.isBlank())
                    : Optional.empty();
            String xsd = BASE + id + ".xsd";
            Optional<String> schema = harPayload && schemaExists.test(xsd) ? Optional.of(xsd) : Optional.empty();
            Kind kind = kindOf(id);
            add(byId, new MessageType(id, kind, harPayload, filename, schema));
            if (spec.containsKey("kanSvareMed")) {
                if (kind != Kind.REQUEST) {
                    throw new IllegalStateException(id + " is a " + kind + " but lists kanSvareMed");
                }
                kanSvareMed.put(id, normalised(asList(spec.get("kanSvareMed"), id + ".kanSvareMed"), id));
            }
            if (spec.containsKey("erSvarPaa")) {
                if (kind == Kind.REQUEST) {
                    throw new IllegalStateException(id + " looks like a request but lists erSvarPaa");
                }
                erSvarPaa.put(id, normalised(asList(spec.get("erSvarPaa"), id + ".erSvarPaa"), id));
            }
        }

        // The platform's own types.
        add(byId, new MessageType(TIDSAVBRUDD, Kind.NOTICE, false, Optional.empty(), Optional.empty()));
        add(byId, new MessageType(FIL, Kind.REQUEST, true, Optional.empty(), Optional.empty()));
        kanSvareMed.put(FIL, List.of(SERVERFEIL, UGYLDIGFORESPOERSEL));

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

    /** All known types, Fiks Arkiv's in the order of {@code meldingstyper.json}, then the platform's own. */
    public Collection<MessageType> all() {
        return byId.values();
    }

    /**
     * Whether a message of type {@code replyType} may answer one of type {@code requestType}: the
     * reply is in the request's {@code kanSvareMed} or the request is in the reply's
     * {@code erSvarPaa} (the spec's lists do not always agree, so either suffices), with the
     * spec's quirks normalised. False when either type is unknown.
     */
    public boolean canAnswer(String requestType, String replyType) {
        return replyType != null && answersTo(requestType).contains(replyType);
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

    private static List<String> normalised(List<Object> ids, String owner) {
        Set<String> out = new LinkedHashSet<>();
        for (Object id : ids) {
            String s = asString(id, owner);
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

    private static void add(Map<String, MessageType> byId, MessageType type) {
        if (byId.putIfAbsent(type.id(), type) != null) {
            throw new IllegalStateException("message type " + type.id() + " defined twice");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalStateException(MELDINGSTYPER + ": " + what + " is not a JSON object");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object value, String what) {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new IllegalStateException(MELDINGSTYPER + ": " + what + " is not a JSON array");
    }

    private static String asString(Object value, String what) {
        if (value instanceof String s) {
            return s;
        }
        throw new IllegalStateException(MELDINGSTYPER + ": " + what + " is not a JSON string: "
                + Objects.toString(value));
    }

    @Override
    public String toString() {
        return "MessageTypes" + byId.keySet();
    }
}
