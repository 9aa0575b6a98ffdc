package no.knutepunkt.platform.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchedInputStreamTest {
    private static final byte[] BYTES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    /** Counts the calls that reach it; throws {@code failure} once {@code after} bytes have been read. */
    private static final class Below extends ByteArrayInputStream {
        private final int after;
        private final Exception failure;
        int reads;
        int skips;
        boolean closed;

        Below(int after, Exception failure) {
            super(BYTES);
            this.after = after;
            this.failure = failure;
        }

        @Override
        public synchronized int read() {
            reads++;
            failIfDue();
            return super.read();
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            reads++;
            failIfDue();
            return super.read(b, off, len);
        }

        @Override
        public synchronized long skip(long n) {
            skips++;
            failIfDue();
            return super.skip(n);
        }

        @Override
        public void close() {
            closed = true;
        }

        private void failIfDue() {
            if (pos >= after && failure != null) {
                sneak(failure);
            }
        }

        @SuppressWarnings("unchecked")
        private static <T extends Exception> void sneak(Exception e) throws T {
            throw (T) e;
        }
    }

    private static class Watched extends WatchedInputStream {
        final List<Exception> seen = new ArrayList<>();

        Watched(InputStream in) {
            super(in);
        }

        @Override
        protected void threw(Exception e) {
            seen.add(e);
            super.threw(e);
        }

        Exception first() {
            return failure();
        }
    }

    @Test
    void passesTheBytesOnAndRemembersNothingWhileAllIsWell() throws IOException {
        Watched watched = new Watched(new Below(Integer.MAX_VALUE, null));
        assertThat(watched.read()).isEqualTo(1);
        assertThat(watched.readAllBytes()).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(watched.failed()).isFalse();
        assertThat(watched.first()).isNull();
        watched.rethrowFailure();
    }

    @Test
    void remembersTheFirstExceptionOfReadAndHandsItBackUnchanged() {
        IOException io = new IOException("connection reset");
        Watched watched = new Watched(new Below(4, io));
        byte[] buffer = new byte[4];
        assertThat(catchIo(() -> watched.read(buffer, 0, 4))).isNull();
        assertThat(catchIo(watched::read)).isSameAs(io);
        assertThat(catchIo(() -> watched.read(buffer, 0, 4))).isSameAs(io);
        assertThat(watched.failed()).isTrue();
        assertThat(watched.seen).containsExactly(io, io);
        assertThatThrownBy(watched::rethrowFailure).isSameAs(io);

        IllegalStateException unchecked = new IllegalStateException("the stream's own failure");
        Watched throwing = new Watched(new Below(0, unchecked));
        assertThatThrownBy(throwing::read).isSameAs(unchecked);
        assertThatThrownBy(throwing::rethrowFailure).isSameAs(unchecked);
    }

    @Test
    void anOverrideDecidesWhatCounts() {
        IOException io = new IOException("not counted");
        WatchedInputStream ignoring = new WatchedInputStream(new Below(0, io)) {
            @Override
            protected void threw(Exception e) {
                // counts nothing
            }
        };
        assertThatThrownBy(ignoring::read).isSameAs(io);
        assertThat(ignoring.failed()).isFalse();
    }

    @Test
    void skipsByReadingUnlessASubclassSkipsBelow() throws IOException {
        Below below = new Below(Integer.MAX_VALUE, null);
        Watched watched = new Watched(below);
        assertThat(watched.skip(3)).isEqualTo(3);
        assertThat(watched.skip(0)).isZero();
        assertThat(watched.skip(-1)).isZero();
        assertThat(below.skips).isZero();
        assertThat(below.reads).isEqualTo(1);
        assertThat(watched.read()).isEqualTo(4);

        IOException io = new IOException("skip failed");
        Below failing = new Below(0, io);
        WatchedInputStream skipping = new WatchedInputStream(failing) {
            @Override
            public long skip(long n) throws IOException {
                return skipBelow(n);
            }
        };
        assertThatThrownBy(() -> skipping.skip(2)).isSameAs(io);
        assertThat(failing.skips).isEqualTo(1);
        assertThat(skipping.failed()).isTrue();
    }

    @Test
    void refusesMarkAndDoesNotCloseTheStreamBelow() throws IOException {
        Below below = new Below(Integer.MAX_VALUE, null);
        Watched watched = new Watched(below);
        assertThat(watched.markSupported()).isFalse();
        watched.mark(100);
        assertThatThrownBy(watched::reset).isInstanceOf(IOException.class);
        watched.close();
        assertThat(below.closed).isFalse();
    }

    private interface IoCall {
        void run() throws IOException;
    }

    private static Exception catchIo(IoCall call) {
        try {
            call.run();
            return null;
        } catch (IOException | RuntimeException e) {
            return e;
        }
    }
}
