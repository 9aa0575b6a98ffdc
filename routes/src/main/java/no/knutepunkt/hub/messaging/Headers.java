package no.knutepunkt.hub.messaging;

/** The exchange headers (REST path parameters among them) and broker message properties, named once. */
public final class Headers {
    /** The hub's id of the message. */
    public static final String MELDING_ID = "meldingId";
    /** The recipient of one delivery. */
    public static final String MOTTAKER = "mottaker";
    /** The sender's correlation id, for the logs. */
    public static final String KORRELASJON = "klientKorrelasjonsId";
    /** Path parameter: the id of a distribution, agreement, project, invoicing run, resource use or dead letter. */
    public static final String ID = "id";
    /** Path parameter: a project document's key. */
    public static final String NOEKKEL = "noekkel";
    /** Query parameter: the year of an invoicing run's dry run. */
    public static final String YEAR = "year";
    /** Path parameter: an invoice's number. */
    public static final String NUMBER = "number";
    /** The Artemis message property for duplicate detection. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** How often a delivery was put back because its member had as many pushes under way as it may. */
    public static final String DEFERRALS = "knutepunktDeferrals";
    /** Artemis' scheduled delivery time (epoch millis) of a message. */
    public static final String SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";
    /** The queue a dead letter came from (set by Artemis). */
    public static final String ORIGINAL_QUEUE = "_AMQ_ORIG_QUEUE";

    private Headers() {
    }
}
