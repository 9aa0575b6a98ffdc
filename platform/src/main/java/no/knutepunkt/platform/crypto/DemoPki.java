package no.knutepunkt.platform.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority for demo and test identities: RSA-2048 keys, SHA-256 signatures,
 * certificates usable for CMS signing and key transport (and accepted by {@code openssl cms}).
 * Not for production: real deployments load keys and certificates issued elsewhere.
 */
public final class DemoPki {
    private static final Duration VALIDITY = Duration.ofDays(3650);
    private final SecureRandom random = new SecureRandom();
    private final KeyPairGenerator rsa;
    private final PrivateKey caKey;
    private final X509Certificate caCertificate;

    private DemoPki(KeyPairGenerator rsa, PrivateKey caKey, X509Certificate caCertificate) {
        this.rsa = rsa;
        this.caKey = caKey;
        this.caCertificate = caCertificate;
    }

    /** Makes a new CA with a self-signed certificate. */
    public static DemoPki createCa(String commonName) {
        KeyPairGenerator rsa = rsaGenerator();
        KeyPair pair = rsa.generateKeyPair();
        X500Name name = name(commonName, "Knutepunkt demo");
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(name, name, pair, new SecureRandom())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new DemoPki(rsa, pair.getPrivate(), sign(builder, pair.getPrivate()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new CryptoException("cannot create the demo CA", e);
        }
    }

    /** Re-opens an existing CA from its key and certificate. */
    public static DemoPki open(PrivateKey caKey, X509Certificate caCertificate) {
        return new DemoPki(rsaGenerator(), caKey, caCertificate);
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    public PrivateKey caKey() {
        return caKey;
    }

    /** A new key pair and a certificate for it, issued by this CA, valid from an hour ago for ten years. */
    public Issued issue(String commonName, String organisation) {
        Instant now = Instant.now();
        return issue(commonName, organisation, now.minus(Duration.ofHours(1)), now.plus(VALIDITY));
    }

    /** A new key pair and a certificate for it valid from {@code notBefore} to {@code notAfter} (rotation, tests). */
    public Issued issue(String commonName, String organisation, Instant notBefore, Instant notAfter) {
        KeyPair pair = rsa.generateKeyPair();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X500Name issuer = X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder builder = builder(issuer, name(commonName, organisation), pair, random,
                    notBefore, notAfter)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(
                            KeyUsage.digitalSignature | KeyUsage.nonRepudiation | KeyUsage.keyEncipherment))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(caCertificate));
            return new Issued(pair.getPrivate(), sign(builder, caKey));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new CryptoException("cannot issue a certificate for " + commonName, e);
        }
    }

    /** A private key and its certificate. */
    public record Issued(PrivateKey key, X509Certificate certificate) {
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair pair, SecureRandom random) {
        Instant now = Instant.now();
        return builder(issuer, subject, pair, random, now.minus(Duration.ofHours(1)), now.plus(VALIDITY));
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair pair, SecureRandom random,
                                                    Instant notBefore, Instant notAfter) {
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, random).add(BigInteger.ONE),
                Date.from(notBefore), Date.from(notAfter), subject, pair.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").setProvider(Bc.PROVIDER).build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static X500Name name(String commonName, String organisation) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "NO")
                .addRDN(BCStyle.O, organisation)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static KeyPairGenerator rsaGenerator() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator;
        } catch (GeneralSecurityException e) {
            throw new CryptoException("RSA is not available", e);
        }
    }
}
