package no.knutepunkt.platform.crypto;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

/**
 * Which signatures are strong enough to accept: a digest of SHA-256 or stronger (SHA-2 or SHA-3 of 256 bits and
 * more), no signature algorithm built on MD5 or SHA-1 whatever the digest field says, and a signer key of RSA with
 * at least 2048 bits, EC on a curve of at least 256 bits (P-256 and stronger), or Ed25519/Ed448. Anything else is
 * {@link SignatureRejected.Reason#WEAK_ALGORITHM}, checked before the signature itself.
 */
final class AlgorithmPolicy {
    static final int MIN_RSA_BITS = 2048;
    static final int MIN_EC_BITS = 256;
    private static final Set<ASN1ObjectIdentifier> DIGESTS = Set.of(NISTObjectIdentifiers.id_sha256,
            NISTObjectIdentifiers.id_sha384, NISTObjectIdentifiers.id_sha512, NISTObjectIdentifiers.id_sha3_256,
            NISTObjectIdentifiers.id_sha3_384, NISTObjectIdentifiers.id_sha3_512);
    private static final Set<ASN1ObjectIdentifier> WEAK_SIGNATURES = Set.of(PKCSObjectIdentifiers.md2WithRSAEncryption,
            PKCSObjectIdentifiers.md5WithRSAEncryption, PKCSObjectIdentifiers.sha1WithRSAEncryption,
            OIWObjectIdentifiers.sha1WithRSA, OIWObjectIdentifiers.md5WithRSA, X9ObjectIdentifiers.ecdsa_with_SHA1,
            X9ObjectIdentifiers.id_dsa_with_sha1, X9ObjectIdentifiers.id_dsa);
    private static final DefaultAlgorithmNameFinder NAMES = new DefaultAlgorithmNameFinder();

    private AlgorithmPolicy() {
    }

    /** Refuses a signer whose digest, signature algorithm or registered key is too weak. */
    static void check(SignerInformation signer, X509Certificate registered) throws SignatureRejected {
        ASN1ObjectIdentifier digest = new ASN1ObjectIdentifier(signer.getDigestAlgOID());
        if (!DIGESTS.contains(digest)) {
            throw weak("the signature uses the digest " + name(digest) + "; SHA-256 or stronger is required");
        }
        ASN1ObjectIdentifier signature = new ASN1ObjectIdentifier(signer.getEncryptionAlgOID());
        if (WEAK_SIGNATURES.contains(signature)) {
            throw weak("the signature algorithm is " + name(signature) + "; one with SHA-256 or stronger is required");
        }
        checkKey(registered.getPublicKey());
    }

    /** Refuses a key too weak to sign with: RSA under 2048 bits, EC under 256 bits, DSA and the rest. */
    static void checkKey(PublicKey key) throws SignatureRejected {
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw weak("the signer's RSA key has " + rsa.getModulus().bitLength() + " bits; at least "
                        + MIN_RSA_BITS + " are required");
            }
        } else if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits < MIN_EC_BITS) {
                throw weak("the signer's EC key is on a curve of " + bits + " bits; P-256 or stronger is required");
            }
        } else if (!(key instanceof EdECPublicKey)) {
            throw weak("the signer's key is " + key.getAlgorithm() + "; RSA (2048 bits or more), EC (P-256 or"
                    + " stronger) or EdDSA is required");
        }
    }

    private static String name(ASN1ObjectIdentifier oid) {
        return NAMES.getAlgorithmName(oid) + " (" + oid.getId() + ")";
    }

    private static SignatureRejected weak(String message) {
        return new SignatureRejected(SignatureRejected.Reason.WEAK_ALGORITHM, message);
    }
}
