package no.knutepunkt.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Payloads for tests: the Fiks Arkiv samples that ship with the platform, and the tests' own. */
public final class Samples {
    private Samples() {
    }

    /** A valid arkivmelding.xml for no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett. */
    public static byte[] arkivmeldingOpprett() {
        return resource("fiks-arkiv-v1/samples/arkivmelding.xml");
    }

    /** A valid arkivmelding-kvittering.xml for ...arkivmelding.opprett.kvittering. */
    public static byte[] arkivmeldingKvittering() {
        return resource("fiks-arkiv-v1/samples/arkivmelding-kvittering.xml");
    }

    public static byte[] resource(String name) {
        try (InputStream in = Samples.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
