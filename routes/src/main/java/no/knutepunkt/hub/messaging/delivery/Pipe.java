package no.knutepunkt.hub.messaging.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.Executor;

/**
 * Turns something that writes (an encryption into an OutputStream) into a stream to read, without
 * holding what passes: a writer task fills a bounded pipe while the reader drains it. A failure of
 * the writer is thrown to the reader at the end of the data instead of looking like a short stream.
 */
final class Pipe extends PipedInputStream {
    private static final int BUFFER = 64 * 1024;
    private volatile IOException failure;

    /** What writes into the pipe; it must not close the stream. */
    @FunctionalInterface
    interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private Pipe() {
        super(BUFFER);
    }

    /** Starts {@code writer} on {@code executor}; the returned stream reads what it writes. */
    static InputStream from(Writer writer, Executor executor) throws IOException {
        Pipe pipe = new Pipe();
        PipedOutputStream out = new PipedOutputStream(pipe);
        executor.execute(() -> {
            try (out) {
                writer.writeTo(out);
            } catch (IOException | RuntimeException e) {
                pipe.failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
        });
        return pipe;
    }

    @Override
    public synchronized int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            failed();
        }
        return b;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            failed();
        }
        return n;
    }

    private void failed() throws IOException {
        if (failure != null) {
            throw new IOException("the payload could not be made: " + failure.getMessage(), failure);
        }
    }
}
