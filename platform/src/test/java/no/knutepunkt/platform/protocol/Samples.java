package no.knutepunkt.platform.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The hand-written sample payloads under {@code fiks-arkiv-samples/} in the test resources. */
final class Samples {
    static final String OPPRETT = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett";
    static final String OPPRETT_MOTTATT = OPPRETT + ".mottatt";
    static final String OPPRETT_KVITTERING = OPPRETT + ".kvittering";
    static final String OPPDATER = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.oppdater";
    static final String SOK = "no.ks.fiks.arkiv.v1.innsyn.sok";
    static final String SERVERFEIL = "no.ks.fiks.arkiv.v1.feilmelding.serverfeil";
    static final String UGYLDIG = "no.ks.fiks.arkiv.v1.feilmelding.ugyldigforespoersel";
    static final String IKKEFUNNET = "no.ks.fiks.arkiv.v1.feilmelding.ikkefunnet";

    private Samples() {
    }

    static byte[] bytes(String path) {
        return classpath("fiks-arkiv-samples/" + path);
    }

    static byte[] classpath(String resource) {
        try (InputStream in = Samples.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 1-based number of the first line of the sample that contains {@code text}. */
    static int lineOf(String path, String text) {
        List<String> lines = new String(bytes(path), StandardCharsets.UTF_8).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(text + " not in " + path);
    }
}
