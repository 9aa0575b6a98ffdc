package no.knutepunkt.hub.messaging;

import java.util.Optional;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.platform.message.Status;
import no.knutepunkt.platform.protocol.Kind;
import no.knutepunkt.platform.protocol.MessageType;
import no.knutepunkt.platform.protocol.MessageTypes;
import org.springframework.stereotype.Component;

/**
 * What a reply means for the delivery it answers: a receipt or a result acknowledges it
 * (ACKNOWLEDGED), an error message rejects it (REJECTED), a {@code .mottatt} is recorded in its
 * history without changing its status.
 */
@Component
public class Replies {
    private final MessageTypes types;

    public Replies(MessageTypes types) {
        this.types = types;
    }

    /** The correlation for a reply of this type from {@code mottaker} to request {@code meldingId}. */
    public Optional<MessageStore.Correlation> correlation(String meldingId, String mottaker, String replyType,
                                                         String replyId) {
        Kind kind = types.find(replyType).map(MessageType::kind).orElse(Kind.REQUEST);
        String reason = replyType + " from " + mottaker + " (" + replyId + ")";
        return switch (kind) {
            case RECEIPT -> Optional.of(new MessageStore.Correlation(meldingId, mottaker,
                    Optional.of(Status.ACKNOWLEDGED), reason));
            case ERROR -> Optional.of(new MessageStore.Correlation(meldingId, mottaker,
                    Optional.of(Status.REJECTED), reason));
            case RECEIVED -> Optional.of(new MessageStore.Correlation(meldingId, mottaker, Optional.empty(),
                    "received by the recipient: " + reason));
            case REQUEST, NOTICE -> Optional.empty();
        };
    }

    /** True for types that only make sense as an answer to a request. */
    public boolean isReply(String type) {
        return types.find(type).map(t -> t.kind() == Kind.RECEIVED || t.kind() == Kind.RECEIPT
                || t.kind() == Kind.ERROR).orElse(false);
    }
}
