package no.knutepunkt.hub.messaging.store;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * UUIDs of version 7 (RFC 9562): 48 bits of Unix time in milliseconds, then random bits. They are ordinary UUIDs
 * to everyone who reads them, and they sort by time, so that new rows land at the end of the database's indexes
 * instead of anywhere in them: the messages committed together touch a few index pages, not one page each.
 */
public final class TimeOrderedIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {
    }

    public static String next() {
        long millis = System.currentTimeMillis();
        long random = RANDOM.nextLong();
        long high = (millis << 16) | 0x7000L | (random & 0x0FFFL);
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /**
     * The lowest id of the millisecond {@code at}: every id made before it sorts below it (as text too, since the
     * time is the id's first twelve hex digits).
     */
    public static String bound(Instant at) {
        return new UUID((at.toEpochMilli() << 16) | 0x7000L, 0x8000000000000000L).toString();
    }
}
