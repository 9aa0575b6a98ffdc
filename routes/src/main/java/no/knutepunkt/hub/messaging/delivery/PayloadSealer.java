package no.knutepunkt.hub.messaging.delivery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import no.knutepunkt.connectors.Payload;
import no.knutepunkt.hub.messaging.store.PayloadStore;
import no.knutepunkt.platform.crypto.CmsEnvelope;
import no.knutepunkt.platform.crypto.CmsVerifier;
import no.knutepunkt.platform.crypto.SignatureRejected;
import no.knutepunkt.platform.identity.Identities;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * What a recipient receives: the sender's CMS SignedData exactly as it arrived, wrapped in CMS
 * EnvelopedData for the recipient's certificate. Made while it is handed over (pushed or
 * downloaded), streaming from the payload store, so only the signed original is stored and no
 * payload is ever whole in memory: a small one is encrypted into a buffer, a large one through a
 * {@link Pipe} as the connection takes it. A message of a type without payload has none, and
 * nothing is encrypted.
 */
@Component
public class PayloadSealer implements DisposableBean {
    private final PayloadStore payloads;
    private final Identities identities;
    private final CmsEnvelope envelope;
    private final CmsVerifier verifier;
    private final long inMemory;
    private final ExecutorService writers = Executors.newCachedThreadPool(new java.util.concurrent.ThreadFactory() {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "seal-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });

    public PayloadSealer(PayloadStore payloads, Identities identities, CmsEnvelope envelope, CmsVerifier verifier,
                         DeliveryProperties properties) {
        this.payloads = payloads;
        this.identities = identities;
        this.envelope = envelope;
        this.verifier = verifier;
        this.inMemory = properties.sealInMemory();
    }

    /** The payload as the sender signed it (the content of its SignedData, verified at intake). */
    public Payload content(Optional<String> ref) {
        if (ref.isEmpty()) {
            return Payload.of(new byte[0]); // a message type without payload
        }
        return () -> {
            InputStream signed = payloads.open(ref.get());
            try {
                return verifier.content(signed);
            } catch (SignatureRejected e) {
                signed.close();
                throw new IOException("the stored payload " + ref.get() + " is not SignedData", e);
            }
        };
    }

    /** The sender's SignedData encrypted to {@code mottaker}, made each time it is opened. */
    public Payload seal(Optional<String> ref, long size, String mottaker) {
        if (ref.isEmpty()) {
            return Payload.of(new byte[0]); // a message type without payload
        }
        // to each of the recipient's certificates valid now: during a key rotation either key opens it
        List<X509Certificate> recipient = identities.encryptionCertificatesOf(mottaker, Instant.now());
        if (recipient.isEmpty()) {
            throw new IllegalStateException("no certificate for recipient " + mottaker);
        }
        if (size <= inMemory) {
            return () -> {
                ByteArrayOutputStream sealed = new ByteArrayOutputStream((int) size + 1024);
                try (InputStream in = payloads.open(ref.get())) {
                    envelope.encrypt(in, recipient, sealed);
                }
                return new ByteArrayInputStream(sealed.toByteArray());
            };
        }
        return () -> Pipe.from(out -> {
            try (InputStream in = payloads.open(ref.get())) {
                envelope.encrypt(in, recipient, out);
            }
        }, writers);
    }

    @Override
    public void destroy() {
        writers.shutdownNow();
    }
}
