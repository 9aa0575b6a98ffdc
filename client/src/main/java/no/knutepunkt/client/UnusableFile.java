package no.knutepunkt.client;

import java.io.IOException;

/**
 * A file or directory named on the command line (the identity directory, the CA, the file to send,
 * where to write a download) that is missing, cannot be read or written, or holds the wrong thing.
 * The message names the path and what is wrong.
 */
public final class UnusableFile extends IOException {
    public UnusableFile(String message) {
        super(message);
    }
}
