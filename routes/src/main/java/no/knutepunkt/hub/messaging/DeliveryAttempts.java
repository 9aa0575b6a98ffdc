package no.knutepunkt.hub.messaging;

/** Told the outcome of every delivery attempt, by {@link MessageMetrics} (operations' connector health is one). */
public interface DeliveryAttempts {
    /** One attempt by {@code connector}: handed over (delivered, or placed in an inbox), or failed. */
    void attempt(String connector, boolean succeeded);
}
