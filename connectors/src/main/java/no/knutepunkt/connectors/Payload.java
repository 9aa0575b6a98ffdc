package no.knutepunkt.connectors;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A payload a connector reads as a stream, as often as it needs (each {@link #open} starts again). Made when it
 * is asked for: nothing is read or encrypted for a connector that never asks.
 */
public interface Payload {
    /** The most a connector may read into memory with {@link #bytes}: 64 MiB. */
    long MAX_IN_MEMORY = 64L * 1024 * 1024;

    /** The payload from its start; the caller closes it. */
    InputStream open() throws IOException;

    /** Writes the whole payload to {@code out} (does not close it). */
    default void writeTo(OutputStream out) throws IOException {
        try (InputStream in = open()) {
            in.transferTo(out);
        }
    }

    /**
     * The whole payload in memory, for connectors that must parse it (an arkivmelding, an invoice). Over
     * {@link #MAX_IN_MEMORY} is a permanent failure: such a connector cannot carry it.
     */
    default byte[] bytes() throws DeliveryException {
        try (InputStream in = open()) {
            byte[] read = in.readNBytes((int) MAX_IN_MEMORY + 1);
            if (read.length > MAX_IN_MEMORY) {
                throw DeliveryException.permanent("the payload is larger than the " + (MAX_IN_MEMORY >> 20)
                        + " MiB this connector can read into memory");
            }
            return read;
        } catch (IOException e) {
            throw DeliveryException.permanent("the payload cannot be read: " + e.getMessage(),
                    "the hub could not read the stored payload");
        }
    }

    /** A payload held in memory (tests, small documents the hub made). */
    static Payload of(byte[] content) {
        return () -> new java.io.ByteArrayInputStream(content);
    }
}
