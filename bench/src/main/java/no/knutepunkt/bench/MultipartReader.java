package no.knutepunkt.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A streaming reader of a multipart/form-data body: parts one after the other, each body an
 * InputStream that ends at the next boundary, so a 1 GB part never sits in memory.
 */
public final class MultipartReader {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private boolean eof;
    private boolean bodyDone;
    private boolean finished;

    public MultipartReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // a virtual CRLF before the first boundary makes every delimiter look the same
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
        bodyDone = false; // the preamble is read as a body and discarded
    }

    /** The boundary parameter of a multipart Content-Type, or null. */
    public static String boundaryOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        Matcher m = BOUNDARY.matcher(contentType);
        return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
    }

    /** One part: its headers (names in lower case), its form name and its body. */
    public record Part(Map<String, String> headers, String name, InputStream body) {
        public byte[] readAll() throws IOException {
            return body.readAllBytes();
        }
    }

    /** The next part, or null after the closing boundary. The previous part's body is skipped if unread. */
    public Part next() throws IOException {
        if (finished) {
            return null;
        }
        byte[] skip = new byte[8192];
        while (readBody(skip, 0, skip.length) >= 0) {
            // drain the rest of the previous part (or the preamble)
        }
        ensure(2);
        if (lim - pos < 2) {
            throw new IOException("multipart body ends without a closing boundary");
        }
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            return null;
        }
        // transport padding, then CRLF
        while (true) {
            ensure(1);
            if (lim - pos < 1) {
                throw new IOException("multipart body ends inside a boundary line");
            }
            if (buf[pos] == ' ' || buf[pos] == '\t') {
                pos++;
            } else {
                break;
            }
        }
        expectCrlf();
        Map<String, String> headers = new LinkedHashMap<>();
        while (true) {
            String line = readLine();
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        String disposition = headers.getOrDefault("content-disposition", "");
        Matcher m = NAME.matcher(disposition);
        String name = m.find() ? m.group(1) : null;
        bodyDone = false;
        return new Part(headers, name, new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return readBody(b, off, len);
            }
        });
    }

    private int readBody(byte[] b, int off, int len) throws IOException {
        if (bodyDone) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        ensure(delimiter.length);
        int idx = indexOf(pos, lim);
        if (idx == pos) {
            pos += delimiter.length;
            bodyDone = true;
            return -1;
        }
        int safeEnd;
        if (idx >= 0) {
            safeEnd = idx;
        } else if (eof) {
            if (lim == pos) {
                throw new IOException("multipart body ends without a closing boundary");
            }
            safeEnd = lim;
        } else {
            safeEnd = lim - delimiter.length + 1;
        }
        int n = Math.min(len, safeEnd - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    private int indexOf(int from, int to) {
        byte first = delimiter[0];
        outer:
        for (int i = from; i <= to - delimiter.length; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Makes at least n bytes available from pos, unless the stream ends first. */
    private void ensure(int n) throws IOException {
        while (lim - pos < n && !eof) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                pos = 0;
            }
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                eof = true;
            } else {
                lim += r;
            }
        }
    }

    private void expectCrlf() throws IOException {
        ensure(2);
        if (lim - pos < 2 || buf[pos] != '\r' || buf[pos + 1] != '\n') {
            throw new IOException("malformed multipart boundary line");
        }
        pos += 2;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            ensure(2);
            if (lim - pos < 2) {
                throw new IOException("multipart body ends inside part headers");
            }
            if (buf[pos] == '\r' && buf[pos + 1] == '\n') {
                pos += 2;
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(buf[pos++]);
            if (line.size() > 16384) {
                throw new IOException("multipart header line too long");
            }
        }
    }
}
