package no.knutepunkt.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Payloads far larger than anything that should be held in memory stream through sign, verify, encrypt and
 * decrypt: in this JVM (the old generation must not grow by anything like the payload), and in a JVM whose
 * whole heap is smaller than the payload.
 */
class CmsLargePayloadTest {
    private static final long MIB = 1024 * 1024;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void streams300MbThroughSignVerifyEncryptDecrypt(@TempDir Path dir) throws Exception {
        long size = 300 * MIB;
        List<MemoryPoolMXBean> oldGeneration = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .filter(pool -> pool.getName().contains("Old") || pool.getName().contains("Tenured"))
                .toList();
        System.gc();
        long before = used(oldGeneration);
        oldGeneration.forEach(MemoryPoolMXBean::resetPeakUsage);

        long start = System.nanoTime();
        Map<String, Long> millis = StreamingProbe.run(dir, size, false);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("300 MiB in " + took + " ms: " + millis);

        if (!oldGeneration.isEmpty()) {
            long peak = oldGeneration.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            System.out.println("old generation grew by at most " + (peak - before) / MIB + " MiB");
            // Anything that held the payload (an array, a ByteArrayOutputStream) would be allocated in the old
            // generation directly (a G1 humongous object) or promoted there: hundreds of MiB (a reader that
            // collects the 300 MiB in a ByteArrayOutputStream makes it grow by some 800 MiB).
            assertThat(peak - before).as("growth of the old generation, bytes").isLessThan(64 * MIB);
        }
        try (var files = Files.list(dir)) {
            assertThat(files).as("the probe cleans up").isEmpty();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void streamsPayloadsLargerThanTheWholeHeapInASmallJvm(@TempDir Path dir) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        assumeTrue(classPath != null && !classPath.isBlank(), "no class path to start a JVM with");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        assumeTrue(Files.isExecutable(java), "no java executable");
        Path output = dir.resolve("probe.log");
        Path work = Files.createDirectory(dir.resolve("work"));
        Process probe = new ProcessBuilder(java.toString(), "-Xmx48m", "-cp", classPath,
                StreamingProbe.class.getName(), work.toString(), "128")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean done = probe.waitFor(110, TimeUnit.SECONDS);
        if (!done) {
            probe.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println("probe in a 48 MiB heap: " + log.strip());
        assertThat(done).as("the probe finished").isTrue();
        assertThat(probe.exitValue()).as(log).isZero();
        assertThat(log).contains("OK heap").doesNotContain("OutOfMemoryError");
        assertThat(new File(work.toString()).list()).isEmpty();
    }

    private static long used(List<MemoryPoolMXBean> pools) {
        return pools.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
    }
}
