package no.knutepunkt.platform.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every Fiks Arkiv v1 sample payload the project ships, by message type, and the encodings real clients send them
 * in. Shared with the hub's tests (the platform's test jar), which send some of them through the real intake.
 *
 * <p>Where they are: the hand-written test samples under {@value #FOLDER}{@code <folder>/}, where {@code <folder>}
 * is the type's id without {@code no.ks.fiks.arkiv.v1.} and {@code arkivering.} ({@link #folder}), the valid one
 * named as the type's payload ({@code sok.xml}), the invalid one {@code <name>-invalid.xml}; the examples that ship
 * in the platform jar under {@value #SHIPPED}, with their types as their {@code README.txt} lists them; and the
 * hostile documents under {@value #FOLDER}{@code hostile/}, invalid payloads of any type.
 */
public final class FiksArkivSamples {
    /** The test samples' folder on the classpath. */
    public static final String FOLDER = "fiks-arkiv-samples/";
    /** The folder of the examples that ship with the platform. */
    public static final String SHIPPED = MessageTypes.BASE + "samples/";
    /** The hostile documents (a DTD, XXE), refused for any type. */
    public static final List<String> HOSTILE = List.of(FOLDER + "hostile/billion-laughs.xml", FOLDER + "hostile/xxe.xml");
    private static final Pattern README_LINE = Pattern.compile("^\\s*(\\S+\\.xml)\\s+(no\\.ks\\.fiks\\.arkiv\\.v1\\.\\S+)");
    private static final Pattern DECLARED = Pattern.compile("^<\\?xml[^>]*encoding=[\"']([^\"']+)[\"']");

    private FiksArkivSamples() {
    }

    /** One sample: which type it is a payload of, where it is, whether it is valid. */
    public record Sample(String type, String resource, boolean valid) {
        /** The sample as it is stored (UTF-8). */
        public byte[] bytes() {
            return Samples.classpath(resource);
        }

        @Override
        public String toString() {
            return resource.substring(resource.lastIndexOf('/', resource.lastIndexOf('/') - 1) + 1)
                    + (valid ? " (valid)" : " (invalid)");
        }
    }

    /** The Fiks Arkiv v1 types whose payloads the hub validates: every request and answer type with an XSD. */
    public static List<MessageType> validatedTypes(MessageTypes types) {
        return types.all().stream()
                .filter(t -> t.id().startsWith(MessageTypes.FIKS_ARKIV_PREFIX) && t.schemaResource().isPresent())
                .toList();
    }

    /** The folder of a type's test samples under {@value #FOLDER}. */
    public static String folder(String typeId) {
        String rest = typeId.substring(MessageTypes.FIKS_ARKIV_PREFIX.length());
        return rest.startsWith("arkivering.") ? rest.substring("arkivering.".length()) : rest;
    }

    /** The samples of a type: its test samples, the shipped examples of it, and (invalid) the hostile documents. */
    public static List<Sample> of(MessageType type) {
        List<Sample> samples = new ArrayList<>();
        String name = type.payloadFilename().orElseThrow();
        String base = FOLDER + folder(type.id()) + "/" + name.substring(0, name.length() - ".xml".length());
        if (exists(base + ".xml")) {
            samples.add(new Sample(type.id(), base + ".xml", true));
        }
        if (exists(base + "-invalid.xml")) {
            samples.add(new Sample(type.id(), base + "-invalid.xml", false));
        }
        shipped().forEach((resource, id) -> {
            if (id.equals(type.id())) {
                samples.add(new Sample(type.id(), resource, true));
            }
        });
        HOSTILE.forEach(resource -> samples.add(new Sample(type.id(), resource, false)));
        return samples;
    }

    /** The examples that ship with the platform and the type of each, as their README.txt lists them. */
    public static Map<String, String> shipped() {
        Map<String, String> byResource = new LinkedHashMap<>();
        new String(Samples.classpath(SHIPPED + "README.txt"), StandardCharsets.UTF_8).lines().forEach(line -> {
            Matcher m = README_LINE.matcher(line);
            if (m.find()) {
                byResource.put(SHIPPED + m.group(1), m.group(2));
            }
        });
        return byResource;
    }

    private static boolean exists(String resource) {
        return FiksArkivSamples.class.getClassLoader().getResource(resource) != null;
    }

    /** How real clients encode a payload whose declaration says utf-8. */
    public enum Encoding {
        /** As written: UTF-8, no byte order mark. */
        UTF_8(StandardCharsets.UTF_8, new byte[0]),
        /** UTF-8 with a byte order mark (Windows tools). */
        UTF_8_BOM(StandardCharsets.UTF_8, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}),
        /** UTF-16LE with a byte order mark, the declaration still saying utf-8 (.NET's XmlWriter over a string). */
        UTF_16LE_BOM(StandardCharsets.UTF_16LE, new byte[] {(byte) 0xFF, (byte) 0xFE}),
        /** UTF-16BE with a byte order mark, the declaration still saying utf-8. */
        UTF_16BE_BOM(StandardCharsets.UTF_16BE, new byte[] {(byte) 0xFE, (byte) 0xFF});

        private final Charset charset;
        private final byte[] bom;

        Encoding(Charset charset, byte[] bom) {
            this.charset = charset;
            this.bom = bom;
        }

        /** The UTF-8 document {@code utf8} in this encoding, its text (and declaration) unchanged. */
        public byte[] encode(byte[] utf8) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(bom);
            out.writeBytes(new String(utf8, StandardCharsets.UTF_8).getBytes(charset));
            return out.toByteArray();
        }

        /**
         * What the hub is to record for the UTF-8 document {@code utf8} sent in this encoding: for UTF-16, that the
         * byte order mark overruled the declaration; nothing for UTF-8 (with or without a mark, as XML allows).
         */
        public Optional<String> deviation(byte[] utf8) {
            if (charset.equals(StandardCharsets.UTF_8)) {
                return Optional.empty();
            }
            Matcher m = DECLARED.matcher(new String(utf8, StandardCharsets.UTF_8));
            if (!m.find()) {
                throw new IllegalArgumentException("a sample without encoding declaration");
            }
            return Optional.of(charset.name() + " med byte order mark; deklarasjonen sa " + m.group(1));
        }
    }
}
