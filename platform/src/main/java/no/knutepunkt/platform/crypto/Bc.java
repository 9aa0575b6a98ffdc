package no.knutepunkt.platform.crypto;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The one Bouncy Castle provider instance the platform's crypto uses (not installed globally). */
final class Bc {
    static final Provider PROVIDER = new BouncyCastleProvider();

    private Bc() {
    }
}
