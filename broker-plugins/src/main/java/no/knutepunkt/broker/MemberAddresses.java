package no.knutepunkt.broker;

/**
 * The broker names of the members' AMQP subscription, shared by the hub (which places deliveries and reads
 * settlements) and the broker plugins.
 */
public final class MemberAddresses {
    /** Prefix of the members' own anycast addresses (and queues): {@code knutepunkt.member.<orgnr>}. */
    public static final String PREFIX = "knutepunkt.member.";
    /** Where the broker tells the hub that a member accepted a delivery (one small message per settlement). */
    public static final String SETTLED = "knutepunkt.amqp.settled";
    /** Message properties of a delivery and of its settlement: the hub's id of the message and the recipient. */
    public static final String MELDING_ID = "meldingId";
    public static final String MOTTAKER = "mottaker";
    /** The settlement's property naming the hand-over the member accepted (the delivery's duplicate id). */
    public static final String HAND_OVER = "handOverId";

    private MemberAddresses() {
    }

    /** The address a member consumes its deliveries from. */
    public static String of(String orgnr) {
        return PREFIX + orgnr;
    }

    /** A member system's role on the broker. */
    public static String role(String orgnr) {
        return "member-" + orgnr;
    }
}
