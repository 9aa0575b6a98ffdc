package no.knutepunkt.platform.testing;

import java.io.InputStream;

/** A stream of a given length whose bytes are made as they are read: no array of the whole anywhere. */
public abstract class GeneratedInputStream extends InputStream {
    private long position;

    /** How many bytes the stream gives in all. */
    protected abstract long length();

    /** Puts the {@code n} bytes from {@code position} on into {@code b} from {@code off} on; called in order. */
    protected abstract void generate(long position, byte[] b, int off, int n);

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        long left = length() - position;
        if (left <= 0) {
            return -1;
        }
        int n = (int) Math.min(len, left);
        generate(position, b, off, n);
        position += n;
        return n;
    }
}
