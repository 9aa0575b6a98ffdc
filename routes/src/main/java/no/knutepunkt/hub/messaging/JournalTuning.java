package no.knutepunkt.hub.messaging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.server.JournalType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code artemis create} does for a standalone broker, for the embedded one: measures how long
 * one synced 4 KiB write takes on the journal's disk, so the journal gathers writes for that long
 * before it syncs (the default, 3.33 ms, is tuned for slow disks and makes every durable send on a
 * fast one wait). And whether the native libaio journal can be used.
 */
public final class JournalTuning {
    private static final Logger log = LoggerFactory.getLogger(JournalTuning.class);
    private JournalTuning() {
    }

    /**
     * Sets the journal type and buffer timeout of an embedded broker: the configured timeout, or the measured
     * sync time (between 10 µs and the Artemis default of 3.33 ms).
     */
    public static void tune(Configuration configuration, BrokerProperties broker) {
        boolean aio = libaio();
        long timeout;
        if (broker.journalBufferTimeout() != null) {
            timeout = broker.journalBufferTimeout().toNanos();
        } else {
            try {
                timeout = Math.max(10_000, Math.min(3_333_333, syncNanos(configuration.getJournalLocation().toPath())));
            } catch (IOException e) {
                log.warn("Could not measure the journal disk ({}); keeping the default journal timing", e.getMessage());
                return;
            }
        }
        configuration.setJournalType(aio ? JournalType.ASYNCIO : JournalType.NIO);
        configuration.setJournalBufferTimeout_AIO((int) timeout);
        configuration.setJournalBufferTimeout_NIO((int) timeout);
        log.info("Embedded broker journal: {}, buffer timeout {} µs ({})", aio ? "ASYNCIO" : "NIO", timeout / 1000,
                broker.journalBufferTimeout() != null ? "configured" : "measured on its disk");
    }

    /** Nanoseconds per synced 4 KiB write in {@code dir}, averaged over up to 200 ms. */
    static long syncNanos(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path probe = Files.createTempFile(dir, "sync-test", ".tmp");
        try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            ByteBuffer block = ByteBuffer.allocateDirect(4096);
            for (int i = 0; i < 16; i++) {
                block.clear();
                channel.write(block, i * 4096L);
            }
            channel.force(true);
            long started = System.nanoTime();
            int writes = 0;
            while (writes < 500 && System.nanoTime() - started < 200_000_000L) {
                block.clear();
                channel.write(block, (writes % 16) * 4096L);
                channel.force(false);
                writes++;
            }
            return (System.nanoTime() - started) / Math.max(1, writes);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** True when Artemis' native libaio journal is loaded (Linux with libaio installed). */
    static boolean libaio() {
        try {
            return org.apache.activemq.artemis.nativo.jlibaio.LibaioContext.isLoaded();
        } catch (Throwable notThere) {
            return false;
        }
    }
}
