package no.knutepunkt.hub.messaging.sent;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.ApiJson;
import no.knutepunkt.hub.api.Http;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.api.QueryParameters;
import no.knutepunkt.platform.message.Status;
import no.knutepunkt.platform.protocol.MessageTypes;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/v1/messages}: the caller's own sent messages (never another's), oldest first, a page at a time,
 * so that a member system can reconcile after an outage (see {@link SentMessages} for the order and why the walk
 * misses nothing). Filters: {@code status} (a message with several recipients matches when one of its deliveries
 * has it), {@code meldingType}, {@code klientKorrelasjonsId}, {@code svarPaMelding}, {@code from} (inclusive) and
 * {@code to} (exclusive) on when the hub received it; {@code limit} 1 to {@value #MAX_LIMIT} (default
 * {@value #DEFAULT_LIMIT}); {@code cursor} the {@code next} of the page before. Every answer has a {@code next}: the
 * place after its last message, or the cursor given when the page is empty, to ask again later for what came since.
 */
@Component
public class SentMessagesRoute extends RouteBuilder {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private final SentMessages sent;
    private final MessageTypes types;
    private final ApiJson json;

    public SentMessagesRoute(SentMessages sent, MessageTypes types, ApiJson json) {
        this.sent = sent;
        this.types = types;
        this.json = json;
    }

    /** One page; {@code next} is null only when the list is empty and no cursor was given. */
    record Page(List<Item> messages, String next) {
    }

    /** A message as the list shows it, with Fiks IO's field names and each recipient's current status. */
    record Item(String meldingId, String meldingType, String klientMeldingId,
                @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> klientKorrelasjonsId,
                @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> svarPaMelding, String mottatt,
                List<Recipient> mottakere) {
        static Item of(SentMessages.Sent s) {
            return new Item(s.position().meldingId(), s.meldingType(), s.klientMeldingId(), s.klientKorrelasjonsId(),
                    s.svarPaMelding(), s.receivedAt().toString(), s.deliveries().stream()
                    .map(d -> new Recipient(d.mottaker(), d.connector(), d.status().name(), d.statusAt().toString()))
                    .toList());
        }
    }

    /** A recipient's delivery: its current status and since when. */
    record Recipient(String mottaker, String connector, String status, String statusAt) {
    }

    @Override
    public void configure() {
        from("direct:messages-sent").routeId("messages-sent").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    String caller = Http.memberOrgnr(exchange);
                    Message in = exchange.getMessage();
                    Optional<SentMessages.Position> after = cursor(in.getHeader("cursor", String.class));
                    SentMessages.Filter filter = filter(caller, after, in);
                    List<SentMessages.Sent> page = sent.list(filter);
                    String next = page.isEmpty() ? after.map(SentMessagesRoute::token).orElse(null)
                            : token(page.get(page.size() - 1).position());
                    json.write(exchange, 200, new Page(page.stream().map(Item::of).toList(), next));
                });
    }

    private SentMessages.Filter filter(String caller, Optional<SentMessages.Position> after, Message in) {
        Optional<Status> status = QueryParameters.present(in.getHeader("status", String.class)).map(s -> {
            try {
                return Status.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw QueryParameters.invalid("status", "status must be one of " + List.of(Status.values()));
            }
        });
        Optional<String> meldingType = QueryParameters.present(in.getHeader("meldingType", String.class));
        meldingType.filter(t -> types.find(t).isEmpty()).ifPresent(t -> {
            throw QueryParameters.invalid("meldingType", "the hub knows no message type '" + t
                    + "'; see GET /api/v1/message-types");
        });
        Optional<String> korrelasjon = QueryParameters.present(in.getHeader("klientKorrelasjonsId", String.class));
        korrelasjon.filter(k -> k.length() > 200).ifPresent(k -> {
            throw QueryParameters.invalid("klientKorrelasjonsId", "klientKorrelasjonsId has at most 200 characters");
        });
        Optional<String> svarPaMelding = QueryParameters.present(in.getHeader("svarPaMelding", String.class))
                .map(s -> s.toLowerCase(Locale.ROOT));
        svarPaMelding.filter(s -> !isUuid(s)).ifPresent(s -> {
            throw QueryParameters.invalid("svarPaMelding", "svarPaMelding must be a meldingId (a UUID)");
        });
        Optional<Instant> from = QueryParameters.instant("from", in.getHeader("from", String.class));
        Optional<Instant> to = QueryParameters.instant("to", in.getHeader("to", String.class));
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw QueryParameters.invalid("to", "to must be later than from");
        }
        int limit = QueryParameters.limit("limit", in.getHeader("limit", String.class), DEFAULT_LIMIT, MAX_LIMIT);
        return new SentMessages.Filter(caller, after, status, meldingType, korrelasjon, svarPaMelding, from, to, limit);
    }

    /** The opaque cursor of a place: base64url of its stored time and meldingId. */
    static String token(SentMessages.Position p) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((p.storedAt() + "|" + p.meldingId()).getBytes(StandardCharsets.UTF_8));
    }

    static Optional<SentMessages.Position> cursor(String value) {
        Optional<String> given = QueryParameters.present(value);
        if (given.isEmpty()) {
            return Optional.empty();
        }
        Problem invalid = QueryParameters.invalid("cursor", "cursor must be the 'next' of an earlier page, unchanged");
        if (given.get().length() > 200) {
            throw invalid;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(given.get()), StandardCharsets.UTF_8)
                    .split("\\|", -1);
            if (parts.length != 2 || !isUuid(parts[1])) {
                throw invalid;
            }
            return Optional.of(new SentMessages.Position(Instant.parse(parts[0]), parts[1]));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw invalid;
        }
    }

    private static boolean isUuid(String s) {
        try {
            return UUID.fromString(s).toString().equals(s.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
