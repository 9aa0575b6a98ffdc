package no.knutepunkt.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import no.knutepunkt.platform.crypto.CmsEnvelope;
import no.knutepunkt.platform.crypto.CmsSigner;
import no.knutepunkt.platform.crypto.CmsVerifier;
import no.knutepunkt.platform.crypto.DemoPki;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Raw Bouncy Castle through the platform's own classes, as the hub calls them: CMS SignedData
 * sign and verify, EnvelopedData encrypt (AES-256-CBC + RSA-OAEP/SHA-256 to a recipient), and
 * the per-delivery work "verify + encrypt", for a 2 KB payload, 1 and 2 threads.
 */
public final class CryptoBench {
    /** An operation over a 2 KB payload; returns something so the JIT cannot drop it. */
    interface Op {
        Object run() throws Exception;
    }

    public static ObjectNode run(boolean quick) throws Exception {
        double warmup = quick ? 0.5 : 1.5;
        double seconds = quick ? 1.0 : 3.0;
        DemoPki pki = DemoPki.createCa("Bench CA");
        DemoPki.Issued sender = pki.issue("Bergen kommune", "994601008");
        DemoPki.Issued recipient = pki.issue("Kinn kommune", "994602004");
        CmsSigner signer = new CmsSigner(sender.key(), sender.certificate());
        CmsVerifier verifier = new CmsVerifier();
        CmsEnvelope envelope = new CmsEnvelope();
        byte[] payload = new byte[2048];
        new Random(42).nextBytes(payload);
        byte[] signed = signer.sign(payload);
        byte[] sealed = envelope.encrypt(signed, recipient.certificate());
        if (!Arrays.equals(verifier.verify(signed, sender.certificate()), payload)
                || !Arrays.equals(envelope.decrypt(sealed, recipient.key()), signed)) {
            throw new IllegalStateException("the platform's CMS round trip does not give the payload back");
        }

        List<Object[]> ops = new ArrayList<>();
        ops.add(new Object[] {"sign", "CmsSigner.sign(2 KB): SignedData, SHA-256 with RSA-2048", (Op) () -> signer.sign(payload)});
        ops.add(new Object[] {"verify", "CmsVerifier.verify(SignedData of 2 KB, sender certificate)",
                (Op) () -> verifier.verify(signed, sender.certificate())});
        ops.add(new Object[] {"encrypt", "CmsEnvelope.encrypt(SignedData, recipient certificate): AES-256-CBC + RSA-OAEP",
                (Op) () -> envelope.encrypt(signed, recipient.certificate())});
        ops.add(new Object[] {"verifyEncrypt", "verify + encrypt: the hub's crypto per delivery",
                (Op) () -> {
                    verifier.verify(signed, sender.certificate());
                    return envelope.encrypt(signed, recipient.certificate());
                }});
        ops.add(new Object[] {"decrypt", "CmsEnvelope.decrypt (the recipient's side, for reference)",
                (Op) () -> envelope.decrypt(sealed, recipient.key())});

        ObjectNode result = JsonNodeFactory.instance.objectNode();
        try {
            java.nio.file.Path jar = java.nio.file.Path.of(CmsSigner.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
            result.put("platformJar", jar.toString());
            result.put("platformJarModified", java.nio.file.Files.getLastModifiedTime(jar).toString());
            result.put("platformJarSha256", java.nio.file.Files.isRegularFile(jar) ? HubBench.sha256(jar) : "(a directory)");
        } catch (Exception e) {
            result.put("platformJar", "unknown: " + e);
        }
        result.put("payloadBytes", payload.length);
        result.put("signedBytes", signed.length);
        result.put("envelopedBytes", sealed.length);
        result.put("secondsPerMeasurement", seconds);
        ArrayNode rows = result.putArray("operations");
        for (Object[] op : ops) {
            ObjectNode row = rows.addObject();
            row.put("name", (String) op[0]);
            row.put("what", (String) op[1]);
            for (int threads : new int[] {1, 2}) {
                measure((Op) op[2], threads, warmup);
                Machine.CpuWindow cpu = new Machine.CpuWindow(null);
                double rate = measure((Op) op[2], threads, seconds);
                double others = cpu.end().path("otherCores").asDouble();
                row.put("threads" + threads + "PerSecond", Stats.round(rate));
                row.put("threads" + threads + "MicrosPerOp", Stats.round(1e6 * threads / rate));
                row.put("threads" + threads + "OtherCores", others);
                System.out.printf("  %-14s %d thread(s): %9.0f/s   (other processes: %.2f cores)%n", op[0], threads,
                        rate, others);
            }
        }
        return result;
    }

    /** Operations per second with {@code threads} threads running {@code op} for {@code seconds}. */
    static double measure(Op op, int threads, double seconds) throws InterruptedException {
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        Object[] sink = new Object[threads];
        for (int t = 0; t < threads; t++) {
            int slot = t;
            workers.add(new Thread(() -> {
                try {
                    while (!stop.get()) {
                        sink[slot] = op.run();
                        done.increment();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "crypto-" + t));
        }
        long t0 = System.nanoTime();
        workers.forEach(Thread::start);
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        return done.sum() / elapsed;
    }
}
