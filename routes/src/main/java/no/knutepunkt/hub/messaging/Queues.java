package no.knutepunkt.hub.messaging;

/** The broker addresses the message path uses. All durable, anycast. */
public final class Queues {
    /** Prefix of the per-connector delivery queues: {@code knutepunkt.deliver.inbox}, {@code ...fiksio}. */
    public static final String DELIVER_PREFIX = "knutepunkt.deliver.";
    /** Where the broker puts deliveries whose attempts ran out. */
    public static final String DEAD_LETTER = "knutepunkt.dead-letter";

    private Queues() {
    }

    /** The delivery queue of a connector. */
    public static String deliver(String connector) {
        return DELIVER_PREFIX + connector;
    }

    /** A consumer of a queue (transacted, see BrokerConfig); never request-reply. */
    public static String consume(String queue) {
        return "jms:queue:" + queue + "?disableReplyTo=true";
    }

    /**
     * A producer to a queue: fire and forget (never waits for a reply), each send durable on the
     * broker when it returns. Not in a session transaction: a copy with a duplicate id the broker
     * has seen is then dropped by the broker (AMQ222059) instead of failing a commit, which is
     * what a repeated enqueue (outbox sweep) needs.
     */
    public static String send(String queue) {
        return "jms:queue:" + queue + "?exchangePattern=InOnly&transacted=false";
    }
}
