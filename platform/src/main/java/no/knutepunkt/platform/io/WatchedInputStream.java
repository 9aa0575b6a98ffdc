package no.knutepunkt.platform.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream handed to a parser that remembers the first exception the stream below threw from
 * {@code read} or {@code skip}, so that its owner can tell that stream's own failure from what the parser
 * makes of the bytes, and hand it back unchanged ({@link #rethrowFailure()}). By default it refuses
 * mark/reset, skips by reading (so that every byte passes through {@link #read(byte[], int, int)}), and
 * does not close the stream below: that stream is its owner's to close.
 *
 * <p>Subclasses add what is theirs by overriding {@code read} and calling {@code super.read} (a byte limit,
 * say), by overriding {@link #threw(Exception)} (which exceptions count), or by skipping the stream below
 * ({@link #skipBelow(long)}).
 */
public abstract class WatchedInputStream extends FilterInputStream {
    /** The most {@link #skip(long)} reads at a time. */
    private static final int SKIP_BUFFER = 8192;

    private Exception failure;

    protected WatchedInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (IOException | RuntimeException e) {
            threw(e);
            throw e;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            threw(e);
            throw e;
        }
    }

    /** Reads up to {@code n} bytes (at most {@value #SKIP_BUFFER}) and discards them; 0 if {@code n <= 0}. */
    @Override
    public long skip(long n) throws IOException {
        byte[] discard = new byte[(int) Math.min(Math.max(n, 0), SKIP_BUFFER)];
        int read = discard.length == 0 ? 0 : read(discard, 0, discard.length);
        return Math.max(read, 0);
    }

    /** For a subclass whose {@code skip} may skip the stream below: {@code in.skip(n)}, watched like a read. */
    protected final long skipBelow(long n) throws IOException {
        try {
            return in.skip(n);
        } catch (IOException | RuntimeException e) {
            threw(e);
            throw e;
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    /** Does not close the stream below. */
    @Override
    public void close() {
        // the stream below is its owner's to close
    }

    /**
     * Called with each exception the stream below throws from {@code read} or {@code skip}, before it goes on
     * up; remembers the first. An override leaves an exception out by not passing it on to this one.
     */
    protected void threw(Exception e) {
        if (failure == null) {
            failure = e;
        }
    }

    /** The first exception remembered, or null. */
    protected final Exception failure() {
        return failure;
    }

    /** Whether an exception was remembered. */
    public final boolean failed() {
        return failure != null;
    }

    /** Throws the exception remembered, unchanged, if there is one. */
    public final void rethrowFailure() throws IOException {
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException unchecked) {
            throw unchecked;
        }
    }
}
