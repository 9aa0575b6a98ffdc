package no.knutepunkt.hub.messaging.store;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import no.knutepunkt.hub.cluster.HostName;
import org.apache.commons.io.output.DeferredFileOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where payloads live, each stored once and named by a ref that messages point to (a distribution's
 * document is one payload for all its messages). A payload up to {@code inlineLimit} bytes is kept
 * in the {@code payload} table, written in the same database transaction as the message that
 * refers to it, so a small message costs no file and no extra sync. A larger one streams to a file
 * under {@code dir} (the data directory in the embedded default, a volume all hub instances share
 * in production), is synced to disk and moved into place before that transaction commits, and is
 * never held in memory. Every payload has its size and SHA-256 in the table.
 *
 * <p>Thread-safe.
 */
public class PayloadStore {
    private static final Logger log = LoggerFactory.getLogger(PayloadStore.class);
    private final JdbcClient jdbc;
    private final Path dir;
    private final Path spool;
    private final int inlineLimit;

    /** A stored payload. */
    public record Stored(String ref, long size, String sha256) {
    }

    /**
     * @param instance the name of this instance's spool folder (see {@link #spoolName}): it clears only that folder
     *                 at start, so instances sharing the store never clear each other's uploads
     */
    public PayloadStore(JdbcClient jdbc, Path dir, int inlineLimit, String instance) {
        this.jdbc = jdbc;
        this.dir = dir;
        this.spool = dir.resolve("spool").resolve(instance);
        this.inlineLimit = inlineLimit;
        try {
            Files.createDirectories(spool);
            // uploads this instance was receiving when it stopped were never accepted
            try (var parts = Files.list(spool)) {
                for (Path part : parts.toList()) {
                    Files.deleteIfExists(part);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the payload store " + dir, e);
        }
    }

    /**
     * The spool folder's name for the instance whose data directory is {@code dataDir}: its host name and a digest of
     * that directory's path. Each instance has a data directory of its own (the hub locks it), so two instances on
     * one host have different spool folders, and an instance started again on the same data directory finds its own.
     */
    public static String spoolName(Path dataDir) {
        String host = HostName.get().replaceAll("[^A-Za-z0-9._-]", "_");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    dataDir.toAbsolutePath().normalize().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return host + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The directory of the file tier. */
    public Path dir() {
        return dir;
    }

    /** Starts receiving a payload: write it to {@link Upload#out()}, then {@link #save} it or close the upload. */
    public Upload begin() {
        return new Upload();
    }

    /**
     * A received payload made durable and named, not yet recorded: {@link #insert} records it in the transaction
     * that stores what refers to it; {@link #discard} removes its file if that transaction does not commit.
     */
    public record Prepared(Stored stored, byte[] inline) {
    }

    /**
     * Names a received payload and, if it spooled to a file, syncs the file and moves it into place. Call before
     * the transaction that records it ({@link #insert}), so that the transaction holds no file I/O.
     */
    public Prepared prepare(Upload upload) throws IOException {
        upload.finish();
        Stored stored = new Stored(TimeOrderedIds.next(), upload.size(), upload.sha256);
        if (upload.out.isInMemory()) {
            return new Prepared(stored, upload.out.getData());
        }
        Path target = file(stored.ref());
        Files.createDirectories(target.getParent());
        Path spooled = upload.out.getPath();
        try (FileChannel channel = FileChannel.open(spooled, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(spooled, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(spooled, target);
        }
        upload.moved = true;
        return new Prepared(stored, null);
    }

    /** Records a prepared payload; inside the transaction that stores what refers to it. */
    public Stored insert(Prepared prepared) {
        insert(prepared.stored(), prepared.inline());
        return prepared.stored();
    }

    /** Removes the file of a prepared payload whose transaction did not commit. */
    public void discard(Prepared prepared) {
        if (prepared.inline() == null) {
            deleteFile(prepared.stored().ref());
        }
    }

    /**
     * Stores a received payload under a new ref, inside the transaction that stores what refers to it: a large one
     * is removed again if that transaction rolls back.
     */
    private Stored save(Upload upload) throws IOException {
        Prepared prepared = prepare(upload);
        if (prepared.inline() == null && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        discard(prepared);
                    }
                }
            });
        }
        return insert(prepared);
    }

    /** Stores a payload the hub made itself (a notice, a signed document); small ones only belong here. */
    public Stored save(byte[] content) {
        try (Upload upload = begin()) {
            upload.out().write(content);
            return save(upload);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store a payload of " + content.length + " bytes", e);
        }
    }

    private void insert(Stored stored, byte[] data) {
        jdbc.sql("insert into payload (ref, size, sha256, data, created_at) values (?, ?, ?, ?, ?)")
                .params(stored.ref(), stored.size(), stored.sha256(), data, Instant.now().atOffset(ZoneOffset.UTC))
                .update();
    }

    /** The payload's size and digest. */
    public Optional<Stored> find(String ref) {
        return jdbc.sql("select ref, size, sha256 from payload where ref = ?").param(ref)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getLong(2), rs.getString(3))).optional();
    }

    /** Reads a payload; the caller closes the stream. */
    public InputStream open(String ref) throws IOException {
        Optional<byte[]> inline = jdbc.sql("select data, size from payload where ref = ?").param(ref)
                .query((rs, n) -> Optional.ofNullable(rs.getBytes(1))).optional()
                .orElseThrow(() -> new NoSuchFileException("no payload " + ref));
        if (inline.isPresent()) {
            return new ByteArrayInputStream(inline.get());
        }
        return Files.newInputStream(file(ref));
    }

    /**
     * Deletes payloads that no message or distribution refers to any more (after the retention purge let go of
     * them), at most {@code limit}; returns how many.
     */
    public int deleteUnreferenced(int limit) {
        List<String> refs = jdbc.sql("""
                        select p.ref from payload p
                        where not exists (select 1 from melding m where m.payload_ref = p.ref)
                          and not exists (select 1 from distribusjon d where d.payload_ref = p.ref)
                        fetch first ? rows only""")
                .param(limit).query(String.class).list();
        for (String ref : refs) {
            jdbc.sql("delete from payload where ref = ?").param(ref).update();
            deleteFile(ref);
        }
        return refs.size();
    }

    private void deleteFile(String ref) {
        try {
            Files.deleteIfExists(file(ref));
        } catch (IOException e) {
            log.warn("Could not delete payload file {}: {}", file(ref), e.getMessage());
        }
    }

    /** A payload's file, in one of 256 folders named by the ref's last two (random) hex digits. */
    private Path file(String ref) {
        return dir.resolve(ref.substring(ref.length() - 2)).resolve(ref);
    }

    /**
     * A payload being received: in memory up to the inline limit, then in a spool file; its size and SHA-256 are
     * computed as it is written. Closing an upload that was not saved removes its spool file.
     */
    public final class Upload implements Closeable {
        private final DeferredFileOutputStream out;
        private final MessageDigest digest;
        private final CountingDigestStream stream;
        private String sha256;
        private boolean moved;

        private Upload() {
            this.out = DeferredFileOutputStream.builder().setThreshold(inlineLimit)
                    .setOutputFile(spool.resolve(UUID.randomUUID() + ".part").toFile()).get();
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            this.stream = new CountingDigestStream(out, digest);
        }

        /** Where the payload's bytes go. */
        public OutputStream out() {
            return stream;
        }

        /** Bytes written so far. */
        public long size() {
            return stream.count;
        }

        /** The SHA-256 of what was written, in hex (after the upload is saved or finished). */
        public String sha256() {
            return sha256;
        }

        /** Reads back what was written (for a second pass over a spooled payload). */
        public InputStream read() throws IOException {
            finish();
            return out.isInMemory() ? new ByteArrayInputStream(out.getData()) : Files.newInputStream(out.getPath());
        }

        private void finish() throws IOException {
            if (sha256 == null) {
                out.close();
                sha256 = HexFormat.of().formatHex(digest.digest());
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
            if (!moved && !out.isInMemory()) {
                Files.deleteIfExists(out.getPath());
            }
        }
    }

    /** Counts and digests what passes through. */
    private static final class CountingDigestStream extends DigestOutputStream {
        private long count;

        CountingDigestStream(OutputStream out, MessageDigest digest) {
            super(out, digest);
        }

        @Override
        public void write(int b) throws IOException {
            super.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            super.write(b, off, len);
            count += len;
        }

        @Override
        public void close() {
            // the upload closes the underlying stream itself
        }
    }
}
