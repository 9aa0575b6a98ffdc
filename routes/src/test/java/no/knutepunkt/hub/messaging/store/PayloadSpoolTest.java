package no.knutepunkt.hub.messaging.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hub instances sharing one payload store, two of them on one host (as in the topology tests): an instance that
 * starts clears only its own spool folder (uploads it was receiving when it stopped), never another's upload
 * under way.
 */
class PayloadSpoolTest {
    @TempDir
    Path dir;

    @Test
    void anInstanceStartingBesideAnotherLeavesItsUploadAlone() throws IOException {
        Path shared = dir.resolve("payloads");
        String one = PayloadStore.spoolName(dir.resolve("hub-1/data"));
        String two = PayloadStore.spoolName(dir.resolve("hub-2/data"));
        assertThat(one).isNotEqualTo(two).isEqualTo(PayloadStore.spoolName(dir.resolve("hub-1/../hub-1/data")));

        PayloadStore first = new PayloadStore(null, shared, 1024, one);
        PayloadStore.Upload upload = first.begin();
        upload.out().write(new byte[4096]); // past the inline limit: spooled to a file
        assertThat(spoolFiles(shared)).hasSize(1);

        new PayloadStore(null, shared, 1024, two); // the second instance starts
        assertThat(spoolFiles(shared)).as("the first instance's upload under way").hasSize(1);

        new PayloadStore(null, shared, 1024, one); // the first instance starts again after a crash
        assertThat(spoolFiles(shared)).as("the upload the crash cut off").isEmpty();
        upload.close();
    }

    private static java.util.List<Path> spoolFiles(Path shared) throws IOException {
        try (Stream<Path> files = Files.walk(shared.resolve("spool"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
