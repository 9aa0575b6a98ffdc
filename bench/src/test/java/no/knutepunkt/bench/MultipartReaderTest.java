package no.knutepunkt.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {
    @Test
    void readsThePartsOfABodyAsTheHubSendsIt() throws IOException {
        byte[] data = new byte[200_000];
        new Random(1).nextBytes(data);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("preamble\r\n--b-1\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n{\"meldingId\":\"m\"}\r\n--b-1\r\n"
                + "Content-Disposition: form-data; name=\"data\"; filename=\"x\"\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(data);
        body.writeBytes("\r\n--b-1--\r\n".getBytes(StandardCharsets.UTF_8));
        MultipartReader r = new MultipartReader(trickle(body.toByteArray()), "b-1");
        MultipartReader.Part metadata = r.next();
        assertThat(metadata.name()).isEqualTo("metadata");
        assertThat(metadata.headers()).containsEntry("content-type", "application/json");
        assertThat(new String(metadata.readAll(), StandardCharsets.UTF_8)).isEqualTo("{\"meldingId\":\"m\"}");
        MultipartReader.Part part = r.next();
        assertThat(part.name()).isEqualTo("data");
        assertThat(part.readAll()).isEqualTo(data);
        assertThat(r.next()).isNull();
    }

    @Test
    void boundaryLookalikesInsideAPartAreData() throws IOException {
        String body = "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n--xy\r\n-xyz--\r\n--xyz--\r\n";
        MultipartReader r = new MultipartReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), "xyz");
        assertThat(new String(r.next().readAll(), StandardCharsets.UTF_8)).isEqualTo("\r\n--xy\r\n-xyz--");
        assertThat(r.next()).isNull();
    }

    @Test
    void skipsUnreadPartsAndRefusesATruncatedBody() throws IOException {
        String body = "--q\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nAAAA\r\n--q\r\n"
                + "Content-Disposition: form-data; name=\"b\"\r\n\r\nBB";
        MultipartReader r = new MultipartReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), "q");
        assertThat(r.next().name()).isEqualTo("a");
        MultipartReader.Part b = r.next();
        assertThat(b.name()).isEqualTo("b");
        assertThatThrownBy(b::readAll).isInstanceOf(IOException.class);
    }

    @Test
    void boundaryFromContentType() {
        assertThat(MultipartReader.boundaryOf("multipart/form-data; boundary=knutepunkt-123")).isEqualTo("knutepunkt-123");
        assertThat(MultipartReader.boundaryOf("multipart/form-data; boundary=\"a b\"; charset=x")).isEqualTo("a b");
        assertThat(MultipartReader.boundaryOf("application/json")).isNull();
    }

    /** A stream that hands out at most 7 bytes per read, to cross every buffer edge. */
    private static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };
    }
}
