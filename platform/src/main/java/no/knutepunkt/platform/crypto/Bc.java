package no.knutepunkt.platform.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.util.Set;
import javax.crypto.Cipher;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The one Bouncy Castle provider instance the platform's crypto uses (not installed globally), and
 * the providers for the work over the whole payload.
 *
 * <p>Hashing and AES over a payload of several GB go to the JDK's own providers: they use the CPU's
 * SHA and AES instructions and are several times faster than Bouncy Castle's pure Java (measured on the
 * build machine: SHA-256 about 1.5 GB/s against 0.25 GB/s, AES-256-CBC encryption about 1 GB/s against
 * 0.13 GB/s). The result is the same bytes; keys, signatures and key transport stay with Bouncy Castle.
 */
final class Bc {
    static final Provider PROVIDER = new BouncyCastleProvider();

    /** The provider of the JDK's default AES/CBC, for content encryption and decryption. */
    static final Provider CONTENT_CIPHER = defaultCipherProvider();

    /** Content digests: the JDK's default provider first, Bouncy Castle for algorithms the JDK lacks. */
    static final DigestCalculatorProvider DIGESTS = digests();

    private static final Set<ASN1ObjectIdentifier> AES_CBC =
            Set.of(CMSAlgorithm.AES128_CBC, CMSAlgorithm.AES192_CBC, CMSAlgorithm.AES256_CBC);

    private Bc() {
    }

    /** The provider to decrypt content encrypted with {@code algorithm}: the JDK's for AES-CBC, else Bouncy Castle. */
    static Provider contentProvider(ASN1ObjectIdentifier algorithm) {
        return AES_CBC.contains(algorithm) ? CONTENT_CIPHER : PROVIDER;
    }

    private static Provider defaultCipherProvider() {
        try {
            return Cipher.getInstance("AES/CBC/PKCS5Padding").getProvider();
        } catch (GeneralSecurityException e) {
            return PROVIDER;
        }
    }

    private static DigestCalculatorProvider digests() {
        try {
            DigestCalculatorProvider bc = new JcaDigestCalculatorProviderBuilder().setProvider(PROVIDER).build();
            DigestCalculatorProvider jdk = new JcaDigestCalculatorProviderBuilder()
                    .setProvider(MessageDigest.getInstance("SHA-256").getProvider()).build();
            return new DigestCalculatorProvider() {
                @Override
                public DigestCalculator get(AlgorithmIdentifier algorithm) throws OperatorCreationException {
                    try {
                        return jdk.get(algorithm);
                    } catch (OperatorCreationException | RuntimeException notInTheJdk) {
                        return bc.get(algorithm);
                    }
                }
            };
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new CryptoException("no SHA-256", e);
        }
    }
}
