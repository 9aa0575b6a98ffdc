package no.knutepunkt.platform.crypto;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import no.knutepunkt.platform.io.WatchedInputStream;

/** Stream plumbing shared by the streaming CMS operations. */
final class CmsStreams {
    /** Copy buffer and BER chunk size. */
    static final int BUFFER = 64 * 1024;

    /**
     * How many bytes of a CMS structure may be read outside its content, before it and after it: Bouncy
     * Castle holds those parts (algorithms, recipient infos, certificates, signer infos) in memory, so a
     * hostile header declaring a huge certificate set must not be read on and on. A few KiB in practice.
     */
    static final long MAX_STRUCTURE = 4L * 1024 * 1024;

    private CmsStreams() {
    }

    /** The caller's stream as a CMS parser should read it: buffered, unless it is in memory anyway. */
    static InputStream buffered(InputStream caller, Source source) {
        return caller instanceof ByteArrayInputStream ? source : new BufferedInputStream(source, BUFFER);
    }

    /** Copies {@code in} to {@code out} with a {@value #BUFFER}-byte buffer; closes neither. */
    static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
    }

    /** {@code out} behind a wrapper whose {@code close()} only flushes, for generators that close what they write to. */
    static OutputStream keepOpen(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    /** Whether {@code cause} is {@code thrown} or in its chain of causes. */
    static boolean causedBy(Throwable thrown, Throwable cause) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t == cause) {
                return true;
            }
            if (t.getCause() == t) {
                return false;
            }
        }
        return false;
    }

    /** ": " and the message of the {@link TooLarge} in {@code thrown}'s chain of causes; empty if none. */
    static String tooLarge(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TooLarge) {
                return ": " + t.getMessage();
            }
        }
        return "";
    }

    /** More of a CMS structure outside its content than {@link #MAX_STRUCTURE} allows. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("more than " + limit + " bytes of CMS structure outside the content");
        }
    }

    /**
     * The caller's input stream as the CMS parsers read it. Remembers the first exception the caller's stream
     * throws, so that it can be told from a malformed structure (which Bouncy Castle reports as an IOException
     * as well) and handed back unchanged; and limits how much may be read outside the content. Never closes
     * the caller's stream; skips by reading, so that the limit and the failure bookkeeping stay in one place.
     */
    static final class Source extends WatchedInputStream {
        private long position;
        private long limit;

        /** @param structureLimit how many bytes may be read before {@link #unlimited()} is called */
        Source(InputStream in, long structureLimit) {
            super(in);
            this.limit = structureLimit;
        }

        /** The content starts: any amount may be read now. */
        void unlimited() {
            limit = Long.MAX_VALUE;
        }

        /** The content has ended: at most {@code more} bytes may be read from here. */
        void limitFurther(long more) {
            limit = position + more;
        }

        @Override
        public int read() throws IOException {
            if (position >= limit) {
                throw new TooLarge(limit);
            }
            int b = super.read();
            if (b >= 0) {
                position++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (position >= limit) {
                throw new TooLarge(limit);
            }
            int n = super.read(b, off, (int) Math.min(len, limit - position));
            if (n > 0) {
                position += n;
            }
            return n;
        }
    }
}
