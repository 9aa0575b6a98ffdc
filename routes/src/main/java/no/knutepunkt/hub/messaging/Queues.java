package no.knutepunkt.hub.config;

/** The broker addresses the flows use. All durable, anycast. */
public final class Queues {
    /** One JMS message per (meldingId, recipient), waiting to be routed to its connector. */
    public static final String RELAY = "knutepunkt.relay";
    /** Prefix of the per-connector delivery queues: {@code knutepunkt.deliver.inbox}, {@code ...fiksio}. */
    public static final String DELIVER_PREFIX = "knutepunkt.deliver.";
    /** Where the broker puts deliveries whose attempts ran out. */
    public static final String DEAD_LETTER = "knutepunkt.dead-letter";
    /** The Artemis message property for duplicate detection. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    private Queues() {
    }

    /** A consumer of a queue (transacted, see BrokerConfig); never request-reply. */
    public static String consume(String queue) {
        return "jms:queue:" + queue + "?disableReplyTo=true";
    }

    /**
     * A producer to a queue: fire and forget (never waits for a reply), each send durable on the
     * broker when it returns. Not in a session transaction: a copy with a duplicate id the broker
     * has seen is then dropped by the broker (AMQ222059) instead of failing a commit, which is
     * what a repeated enqueue (outbox sweep, a redelivered relay message) needs.
     */
    public static String send(String queue) {
        return "jms:queue:" + queue + "?exchangePattern=InOnly&transacted=false";
    }
}
