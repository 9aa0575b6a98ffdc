package no.knutepunkt.platform.crypto;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** Reading and writing certificates and PKCS#8 private keys as PEM. */
public final class Pem {
    private static final JcaX509CertificateConverter CERTS = new JcaX509CertificateConverter().setProvider(Bc.PROVIDER);
    private static final JcaPEMKeyConverter KEYS = new JcaPEMKeyConverter().setProvider(Bc.PROVIDER);

    private Pem() {
    }

    public static X509Certificate readCertificate(Path file) {
        return readCertificate(read(file), file.toString());
    }

    public static X509Certificate readCertificate(String pem, String source) {
        Object o = parse(new StringReader(pem), source);
        if (!(o instanceof X509CertificateHolder holder)) {
            throw new CryptoException(source + " holds no PEM certificate");
        }
        try {
            return CERTS.getCertificate(holder);
        } catch (CertificateException e) {
            throw new CryptoException(source + ": not a valid certificate", e);
        }
    }

    public static PrivateKey readPrivateKey(Path file) {
        Object o = parse(new StringReader(read(file)), file.toString());
        try {
            if (o instanceof PrivateKeyInfo info) {
                return KEYS.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return KEYS.getKeyPair(pair).getPrivate();
            }
        } catch (IOException e) {
            throw new CryptoException(file + ": not a valid private key", e);
        }
        throw new CryptoException(file + " holds no unencrypted PEM private key");
    }

    public static String toPem(X509Certificate certificate) {
        return write(certificate);
    }

    /** PKCS#8 ("BEGIN PRIVATE KEY"), unencrypted. */
    public static String toPem(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Object parse(Reader reader, String source) {
        try (PEMParser parser = new PEMParser(reader)) {
            Object o = parser.readObject();
            if (o == null) {
                throw new CryptoException(source + " holds no PEM object");
            }
            return o;
        } catch (IOException e) {
            throw new CryptoException(source + ": not valid PEM", e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new CryptoException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
