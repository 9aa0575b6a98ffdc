package no.knutepunkt.platform.protocol;

/** What a message type is for, as far as the hub is concerned. */
public enum Kind {
    /** A request that expects answers, e.g. {@code ...arkivmelding.opprett}, {@code ...innsyn.sok}. */
    REQUEST,
    /** The recipient has received the request: the {@code .mottatt} types. */
    RECEIVED,
    /** The request was carried out: the {@code .kvittering} and {@code .resultat[.*]} types. */
    RECEIPT,
    /** The request failed: the {@code feilmelding.*} types. */
    ERROR,
    /**
     * A notice from the platform itself, such as {@code no.ks.fiks.kvittering.tidsavbrudd} or an invoice the hub
     * issues; only the hub sends these, member systems cannot.
     */
    NOTICE
}
