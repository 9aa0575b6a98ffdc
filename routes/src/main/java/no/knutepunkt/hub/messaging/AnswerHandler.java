package no.knutepunkt.hub.messaging;

import java.util.function.Consumer;
import no.knutepunkt.platform.message.Envelope;

/**
 * What the hub itself does with answers addressed to it (to messages it sent, such as an
 * agreement for signing). {@link #check} runs at intake before anything is stored and refuses with
 * a Problem; what it returns runs in the transaction that stores the answer.
 */
public interface AnswerHandler {
    boolean handles(String meldingType);

    /**
     * @param answer  the answer's metadata
     * @param content the answer's payload, signature and schema already checked
     * @return what to record once the answer is stored, given its meldingId
     */
    Consumer<String> check(Envelope answer, byte[] content);
}
