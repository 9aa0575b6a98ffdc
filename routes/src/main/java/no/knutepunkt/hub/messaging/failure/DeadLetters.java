package no.knutepunkt.hub.messaging.failure;

import java.util.Map;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.messaging.Headers;
import no.knutepunkt.hub.messaging.Queues;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Service;

/**
 * What an operator does with a dead letter, from the API or the console: put its delivery back on its connector's
 * queue, or discard it (the delivery stays FAILED). Refusals are {@link Problem}s: 404 for a dead letter that is
 * not there, 409 for one that cannot be retried, 503 when the broker cannot take it back.
 */
@Service
public class DeadLetters {
    private final DeadLetterStore store;
    private final ProducerTemplate producer;

    public DeadLetters(DeadLetterStore store, ProducerTemplate producer) {
        this.store = store;
        this.producer = producer;
    }

    /** Puts the delivery back on its connector's queue (QUEUED again); returns the dead letter as it was. */
    public DeadLetterStore.DeadLetter retry(long id, String operator) {
        DeadLetterStore.DeadLetter letter = store.find(id).orElseThrow(() -> notFound(id));
        if (!store.requeue(id, operator)) {
            throw new Problem(409, "not-retryable", "Cannot be retried",
                    "dead letter " + id + " is gone or its delivery is no longer FAILED");
        }
        String duplicateId = letter.meldingId() + "/" + letter.mottaker() + "/retry-" + id;
        try {
            producer.sendBodyAndHeaders(Queues.send(Queues.deliver(letter.connector())), duplicateId,
                    Map.of(Headers.MELDING_ID, letter.meldingId(), Headers.MOTTAKER, letter.mottaker(),
                            Headers.DUPLICATE_ID, duplicateId));
        } catch (RuntimeException e) {
            store.fail(letter.meldingId(), letter.mottaker(), letter.connector(), "an operator's retry failed",
                    "operator retry could not reach the broker: " + e.getMessage());
            throw new Problem(503, "broker-unavailable", "Broker unavailable",
                    "the delivery could not be put back on its queue; it is on the dead-letter list again");
        }
        return letter;
    }

    /** Takes the dead letter off the list; its delivery stays FAILED. */
    public void discard(long id, String operator) {
        if (!store.discard(id, operator)) {
            throw notFound(id);
        }
    }

    static Problem notFound(Object id) {
        return Problem.notFound("no dead letter " + id);
    }
}
