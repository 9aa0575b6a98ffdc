package no.knutepunkt.platform.crypto;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import no.knutepunkt.platform.io.WatchedInputStream;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataParser;
import org.bouncycastle.cms.CMSTypedStream;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Checks that a CMS SignedData was signed by one expected party, using that party's registered
 * certificate (never the certificate the message carries), and returns the signed content: from a
 * byte array, or streamed so that a payload of any size is never whole in memory. Thread-safe; the
 * verifier for a certificate is built once and reused.
 */
public final class CmsVerifier {
    /** How many certificates' verifiers are kept; the cache starts over beyond that. */
    private static final int MAX_CACHED_VERIFIERS = 1024;
    /** For {@link #content}: no digests computed. */
    private static final DigestCalculatorProvider NO_DIGESTS = algorithm -> null;

    private final JcaSimpleSignerInfoVerifierBuilder builder =
            new JcaSimpleSignerInfoVerifierBuilder().setProvider(Bc.PROVIDER);
    private final ConcurrentHashMap<X509Certificate, SignerInformationVerifier> verifiers = new ConcurrentHashMap<>();

    /** Reads the signed content as it streams by. May read any amount; the verifier drains the rest. */
    @FunctionalInterface
    public interface ContentReader {
        void read(InputStream content) throws IOException;
    }

    /**
     * @param signedData DER (or BER) CMS SignedData with the content attached
     * @param expected   the registered certificate of the party that must have signed
     * @return the signed content, exactly as signed
     */
    public byte[] verify(byte[] signedData, X509Certificate expected) throws SignatureRejected {
        byte[][] content = new byte[1][];
        try {
            verify(new ByteArrayInputStream(signedData), expected, in -> content[0] = in.readAllBytes());
        } catch (IOException e) {
            // a byte array does not fail to be read, and a broken structure is reported as MALFORMED
            throw new SignatureRejected(SignatureRejected.Reason.MALFORMED, "not a CMS SignedData structure", e);
        }
        return content[0];
    }

    /**
     * Streams a CMS SignedData (DER or BER, content attached) once: calls {@code reader.read(content)} exactly once
     * with the encapsulated content, drains what the reader left, then checks: exactly one signer, its SID matches
     * {@code expected} (the registered certificate, never the one carried in the message), the signature verifies
     * (digest computed while streaming, CMSSignedDataParser). Throws SignatureRejected with the same reasons as
     * {@link #verify(byte[], X509Certificate)}: MALFORMED (not SignedData / truncated / garbage), DETACHED (no
     * encapsulated content; the reader is then not called), SIGNER_COUNT, SIGNER_MISMATCH, WEAK_ALGORITHM
     * ({@link AlgorithmPolicy}), INVALID. IOExceptions
     * from the input and anything the reader throws propagate unchanged (IOException, or unchecked exceptions;
     * nothing is wrapped). Does not close signedData.
     *
     * <p>The signer and the signature come after the content, so the reader sees the content before it is
     * verified: it must treat it as untrusted (e.g. write it to a temporary file) until this method returns
     * normally. A structure that breaks off or goes wrong inside the content is MALFORMED, also when the reader
     * rethrows (or wraps) the exception its stream gave it. At most a few MiB of structure before and after the
     * content are read (MALFORMED beyond that); the content itself may be of any length.
     *
     * @param signedData the SignedData, read once to its end (MALFORMED if anything follows the structure)
     * @param expected   the registered certificate of the party that must have signed
     * @param reader     gets the content as it streams by; must not keep the stream beyond the call
     */
    public void verify(InputStream signedData, X509Certificate expected, ContentReader reader)
            throws SignatureRejected, IOException {
        verify(signedData, List.of(expected), null, reader);
    }

    /**
     * As {@link #verify(InputStream, X509Certificate, ContentReader)}, for a party with one or more registered
     * certificates (two while it rotates its key): the signer must be one of them (SIGNER_MISMATCH otherwise), and
     * that one must be valid at {@code validAt} (CERTIFICATE_NOT_VALID: expired, or not yet valid).
     *
     * @param registered the party's registered certificates, at least one
     * @param validAt    when the signer's certificate must be valid (the time of intake); null: not checked (a
     *                   recipient who checks a signature made long ago)
     */
    public void verify(InputStream signedData, List<X509Certificate> registered, Instant validAt,
                       ContentReader reader) throws SignatureRejected, IOException {
        Objects.requireNonNull(reader, "reader");
        if (registered.isEmpty()) {
            throw new IllegalArgumentException("no registered certificate");
        }
        CmsStreams.Source source = new CmsStreams.Source(signedData, CmsStreams.MAX_STRUCTURE);
        InputStream in = CmsStreams.buffered(signedData, source);
        Parser parser = parse(in, source, Bc.DIGESTS);
        CMSTypedStream typed = signedContent(parser, source);
        if (typed == null) {
            throw detached();
        }
        source.unlimited();
        Content content = new Content(typed.getContentStream(), source);
        try {
            reader.read(content);
        } catch (IOException | RuntimeException e) {
            if (content.failed() && CmsStreams.causedBy(e, content.malformation())) {
                throw malformed(content.malformation());
            }
            throw e;
        }
        content.drain();
        source.limitFurther(CmsStreams.MAX_STRUCTURE);
        SignerInformationStore signers;
        try {
            signers = parser.getSignerInfos();
        } catch (CMSException | RuntimeException e) {
            source.rethrowFailure();
            throw malformed(e);
        }
        atEnd(in, source);
        check(signers, registered, validAt);
    }

    /**
     * Checks a detached (or attached) signature over content the caller already has.
     *
     * @param signedData DER CMS SignedData, content detached or attached
     * @param content    the exact bytes that must have been signed
     * @param expected   the registered certificate of the party that must have signed
     */
    public void verifyDetached(byte[] signedData, byte[] content, X509Certificate expected) throws SignatureRejected {
        verifyDetached(signedData, content, List.of(expected), null);
    }

    /**
     * As {@link #verifyDetached(byte[], byte[], X509Certificate)}, for a party with one or more registered
     * certificates, the signer's to be valid at {@code validAt} (null: not checked).
     */
    public void verifyDetached(byte[] signedData, byte[] content, List<X509Certificate> registered, Instant validAt)
            throws SignatureRejected {
        if (registered.isEmpty()) {
            throw new IllegalArgumentException("no registered certificate");
        }
        CMSSignedData cms;
        try {
            cms = new CMSSignedData(new CMSProcessableByteArray(content), signedData);
        } catch (CMSException | RuntimeException e) {
            throw new SignatureRejected(SignatureRejected.Reason.MALFORMED, "not a DER CMS SignedData structure", e);
        }
        check(cms.getSignerInfos(), registered, validAt);
    }

    /**
     * One signer, one of the registered certificates, a strong enough algorithm, a certificate valid at
     * {@code validAt}, and a signature that verifies: in that order.
     */
    private void check(SignerInformationStore signers, List<X509Certificate> registered, Instant validAt)
            throws SignatureRejected {
        if (signers.size() != 1) {
            throw new SignatureRejected(SignatureRejected.Reason.SIGNER_COUNT,
                    "expected exactly one signer but found " + signers.size());
        }
        SignerInformation signer = signers.iterator().next();
        X509Certificate expected = null;
        SignerInformationVerifier verifier = null;
        for (X509Certificate candidate : registered) {
            SignerInformationVerifier v = verifierFor(candidate);
            if (signer.getSID().match(v.getAssociatedCertificate())) {
                expected = candidate;
                verifier = v;
                break;
            }
        }
        if (verifier == null) {
            throw new SignatureRejected(SignatureRejected.Reason.SIGNER_MISMATCH,
                    "signed by " + describe(signer) + ", not by " + (registered.size() == 1
                            ? "the registered certificate of " + registered.get(0).getSubjectX500Principal().getName()
                            : "one of the " + registered.size() + " registered certificates of "
                            + registered.get(0).getSubjectX500Principal().getName()));
        }
        AlgorithmPolicy.check(signer, expected);
        if (validAt != null) {
            checkValidity(expected, validAt);
        }
        checkSignature(signer, verifier);
    }

    private static void checkValidity(X509Certificate certificate, Instant at) throws SignatureRejected {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        String which = "the signer's certificate (serial " + certificate.getSerialNumber().toString(16) + ")";
        if (at.isAfter(notAfter)) {
            throw new SignatureRejected(SignatureRejected.Reason.CERTIFICATE_NOT_VALID,
                    which + " expired at " + notAfter);
        }
        if (at.isBefore(notBefore)) {
            throw new SignatureRejected(SignatureRejected.Reason.CERTIFICATE_NOT_VALID,
                    which + " is valid only from " + notBefore);
        }
    }

    /** The content carried by a SignedData, without checking the signature (for payloads verified before). */
    public byte[] embeddedContent(byte[] signedData) throws SignatureRejected {
        try (InputStream content = content(new ByteArrayInputStream(signedData))) {
            return content.readAllBytes();
        } catch (IOException e) {
            // a byte array does not fail to be read: the structure breaks off or is broken inside the content
            throw malformed(e);
        }
    }

    /**
     * The encapsulated content of a SignedData verified before, as a stream (no signature check). Closing it
     * closes signedData. DETACHED if none.
     *
     * <p>The structure is read up to the start of the content here (MALFORMED if it is not a SignedData);
     * the content is read as the stream is, and a structure that breaks off inside it is an IOException then.
     * What follows the content (certificates, signer infos) is not read.
     *
     * @param signedData DER or BER CMS SignedData with the content attached
     */
    public InputStream content(InputStream signedData) throws SignatureRejected, IOException {
        CmsStreams.Source source = new CmsStreams.Source(signedData, CmsStreams.MAX_STRUCTURE);
        Parser parser = parse(CmsStreams.buffered(signedData, source), source, NO_DIGESTS);
        CMSTypedStream typed = signedContent(parser, source);
        if (typed == null) {
            throw detached();
        }
        source.unlimited();
        return new FilterInputStream(typed.getContentStream()) {
            @Override
            public void close() throws IOException {
                signedData.close();
            }
        };
    }

    /**
     * The certificate the signer put in the SignedData, for a recipient that checks the sender
     * end to end (and must then check that a CA it trusts issued it).
     */
    public X509Certificate embeddedSignerCertificate(byte[] signedData) throws SignatureRejected {
        CMSSignedData cms;
        try {
            cms = new CMSSignedData(signedData);
        } catch (CMSException | RuntimeException e) {
            throw new SignatureRejected(SignatureRejected.Reason.MALFORMED, "not a DER CMS SignedData structure", e);
        }
        if (cms.getSignerInfos().size() != 1) {
            throw new SignatureRejected(SignatureRejected.Reason.SIGNER_COUNT,
                    "expected exactly one signer but found " + cms.getSignerInfos().size());
        }
        SignerInformation signer = cms.getSignerInfos().iterator().next();
        @SuppressWarnings("unchecked")
        java.util.Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(signer.getSID());
        if (matches.isEmpty()) {
            throw new SignatureRejected(SignatureRejected.Reason.SIGNER_MISMATCH,
                    "the SignedData does not carry the signer's certificate");
        }
        try {
            return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().setProvider(Bc.PROVIDER)
                    .getCertificate(matches.iterator().next());
        } catch (java.security.cert.CertificateException e) {
            throw new SignatureRejected(SignatureRejected.Reason.MALFORMED, "the signer's certificate is not valid", e);
        }
    }

    /** The verifier for a registered certificate, built on first use (it parses the certificate and its key). */
    private SignerInformationVerifier verifierFor(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "expected");
        SignerInformationVerifier verifier = verifiers.get(certificate);
        if (verifier != null) {
            return verifier;
        }
        try {
            verifier = builder.build(certificate);
        } catch (OperatorCreationException e) {
            throw new CryptoException("cannot build a verifier for " + certificate.getSubjectX500Principal(), e);
        }
        if (verifiers.size() >= MAX_CACHED_VERIFIERS) {
            verifiers.clear();
        }
        SignerInformationVerifier earlier = verifiers.putIfAbsent(certificate, verifier);
        return earlier != null ? earlier : verifier;
    }

    /** Number of cached verifiers, for tests. */
    int cachedVerifiers() {
        return verifiers.size();
    }

    /** Reads a SignedData up to the start of its content. */
    private static Parser parse(InputStream in, CmsStreams.Source source, DigestCalculatorProvider digests)
            throws SignatureRejected, IOException {
        Parser parser;
        try {
            parser = new Parser(digests, in);
        } catch (CMSException | RuntimeException e) {
            source.rethrowFailure();
            throw malformed(e);
        }
        if (!parser.isSignedData()) {
            throw new SignatureRejected(SignatureRejected.Reason.MALFORMED,
                    "not a CMS SignedData structure (content type " + parser.contentType() + ")");
        }
        return parser;
    }

    /**
     * The encapsulated content, or null if detached. Bouncy Castle reads the content's header here, and reports
     * one it cannot parse (a tag number of more than 31 bits, say) with an unchecked exception: MALFORMED.
     */
    private static CMSTypedStream signedContent(Parser parser, CmsStreams.Source source)
            throws SignatureRejected, IOException {
        try {
            return parser.getSignedContent();
        } catch (RuntimeException e) {
            source.rethrowFailure();
            throw malformed(e);
        }
    }

    /** The SignedData must be all there is: Bouncy Castle has read it to its end, so the input must end too. */
    private static void atEnd(InputStream in, CmsStreams.Source source) throws SignatureRejected, IOException {
        int next;
        try {
            next = in.read();
        } catch (IOException | RuntimeException e) {
            source.rethrowFailure();
            throw malformed(e);
        }
        if (next >= 0) {
            throw new SignatureRejected(SignatureRejected.Reason.MALFORMED, "data after the end of the SignedData");
        }
    }

    private static void checkSignature(SignerInformation signer, SignerInformationVerifier verifier)
            throws SignatureRejected {
        boolean valid;
        try {
            valid = signer.verify(verifier);
        } catch (CMSVerifierCertificateNotValidException e) {
            // a signing-time attribute outside the certificate's validity
            throw new SignatureRejected(SignatureRejected.Reason.CERTIFICATE_NOT_VALID,
                    "the signer's certificate was not valid at the signing time the signature gives", e);
        } catch (CMSException | RuntimeException e) {
            throw new SignatureRejected(SignatureRejected.Reason.INVALID,
                    "the signature does not verify: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new SignatureRejected(SignatureRejected.Reason.INVALID,
                    "the signature does not verify against the signer's registered certificate");
        }
    }

    private static SignatureRejected malformed(Exception cause) {
        return new SignatureRejected(SignatureRejected.Reason.MALFORMED,
                "not a CMS SignedData structure" + CmsStreams.tooLarge(cause), cause);
    }

    private static SignatureRejected detached() {
        return new SignatureRejected(SignatureRejected.Reason.DETACHED,
                "the SignedData does not carry the payload (detached signature)");
    }

    /** The signer named in a refusal; its issuer is the sender's bytes, which may not even be printable. */
    private static String describe(SignerInformation signer) {
        if (signer.getSID().getIssuer() == null) {
            return "an unregistered key";
        }
        String issuer;
        try {
            issuer = "'" + signer.getSID().getIssuer() + "'";
        } catch (RuntimeException e) {
            issuer = "that cannot be read (" + e.getMessage() + ")"; // e.g. a UTF8String that is not UTF-8
        }
        return "issuer " + issuer + " serial " + signer.getSID().getSerialNumber();
    }

    /** Bouncy Castle's streaming parser, which reads any ContentInfo's content as SignedData; this one can tell. */
    private static final class Parser extends CMSSignedDataParser {
        Parser(DigestCalculatorProvider digests, InputStream in) throws CMSException {
            super(digests, in);
        }

        Object contentType() {
            return _contentInfo.getContentType();
        }

        boolean isSignedData() {
            return CMSObjectIdentifiers.signedData.equals(_contentInfo.getContentType());
        }
    }

    /**
     * The content as the reader sees it: not closable (the verifier drains it), no mark, skipped by reading (so
     * that what is skipped is digested and checked like the rest), and whatever goes wrong in the structure
     * while it is read (not in the caller's stream) is remembered as the malformation.
     */
    private static final class Content extends WatchedInputStream {
        private final CmsStreams.Source source;

        Content(InputStream content, CmsStreams.Source source) {
            super(content);
            this.source = source;
        }

        /** What went wrong in the structure while the content was read, or null. */
        Exception malformation() {
            return failure();
        }

        /** Reads what the reader left; the caller's failure or a malformation found before or now ends it. */
        void drain() throws SignatureRejected, IOException {
            source.rethrowFailure();
            if (!failed()) {
                byte[] buffer = new byte[CmsStreams.BUFFER];
                try {
                    while (read(buffer, 0, buffer.length) >= 0) {
                        // discard
                    }
                } catch (IOException | RuntimeException e) {
                    source.rethrowFailure();
                }
            }
            if (failed()) {
                throw malformed(malformation());
            }
        }

        /** A failure of the caller's stream is not a malformation. */
        @Override
        protected void threw(Exception e) {
            if (!source.failed()) {
                super.threw(e);
            }
        }
    }
}
