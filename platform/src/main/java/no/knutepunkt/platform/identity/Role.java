package no.knutepunkt.platform.identity;

/** What an API caller may do. */
public enum Role {
    /** A member's system: sends as its own organisation, reads its own inbox. */
    MEMBER,
    /** Watches and repairs routes, queues and dead letters. */
    OPERATOR,
    /** Triggers distributions to the members. */
    SECRETARIAT
}
