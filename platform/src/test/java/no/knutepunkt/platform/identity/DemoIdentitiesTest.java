package no.knutepunkt.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import no.knutepunkt.platform.crypto.CmsSigner;
import no.knutepunkt.platform.crypto.CmsVerifier;
import no.knutepunkt.platform.crypto.Pem;
import no.knutepunkt.platform.member.Member;
import no.knutepunkt.platform.member.MemberRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoIdentitiesTest {
    private static final String HEADER = "kommunenummer,name,orgnr,region,it_cooperation,inhabitants_2020\n";
    private static final String THREE = HEADER
            + "4629,Modalen,994629018,Nordhordland,IKT Nordhordland,383\n"
            + "4631,Alver,994631004,Nordhordland,IKT Nordhordland,29123\n"
            + "4633,Fedje,994633007,Nordhordland,IKT Nordhordland,550\n";
    private static final String FOURTH = "4635,Gulen,994635018,Nordhordland,IKT Nordhordland,2307\n";
    private static final Set<String> REGIONS = Set.of("Nordhordland");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** Made once: an identity directory for the three members; tests that change it work on a copy. */
    @TempDir
    static Path shared;
    static IdentityLayout layout;
    static List<Member> three;
    static int madeFirst;

    @BeforeAll
    static void ensureThree() {
        three = members(THREE);
        layout = new IdentityLayout(shared.resolve("demo"));
        madeFirst = new DemoIdentities(layout).ensure(three);
    }

    private static List<Member> members(String csv) {
        return new ArrayList<>(MemberRegistry.load("test.csv", new StringReader(csv), REGIONS).all());
    }

    @Test
    void ensureMakesOneIdentityPerMember() {
        assertThat(madeFirst).isEqualTo(3);
    }

    @Test
    void ensureCreatesTheWholeLayout() {
        Path root = layout.root();
        assertThat(root.resolve("ca.pem")).isRegularFile().isEqualTo(layout.caCertificate());
        assertThat(root.resolve("ca-key.pem")).isRegularFile();
        assertThat(root.resolve("hub/key.pem")).isRegularFile();
        assertThat(root.resolve("hub/cert.pem")).isRegularFile();
        for (Member m : three) {
            Path dir = root.resolve("members").resolve(m.orgnr());
            assertThat(dir.resolve("key.pem")).isRegularFile();
            assertThat(dir.resolve("cert.pem")).isRegularFile();
            assertThat(dir.resolve("credentials.properties")).isRegularFile();
        }
        assertThat(root.resolve("operator.properties")).isRegularFile();
        assertThat(root.resolve("secretariat.properties")).isRegularFile();
        assertThat(layout.staffCredentials(Role.SECRETARIAT)).isEqualTo(root.resolve("secretariat.properties"));
    }

    @Test
    void noTemporaryFilesAreLeftBehind() throws IOException {
        try (Stream<Path> files = Files.walk(layout.root())) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp")).collect(Collectors.toList()))
                    .isEmpty();
        }
    }

    @Test
    void filesAreReadableByTheOwnerOnly() throws IOException {
        assumeThat(POSIX).as("POSIX file system").isTrue();
        List<Path> files;
        List<Path> dirs;
        try (Stream<Path> walk = Files.walk(layout.root())) {
            List<Path> all = walk.collect(Collectors.toList());
            files = all.stream().filter(Files::isRegularFile).collect(Collectors.toList());
            dirs = all.stream().filter(Files::isDirectory).collect(Collectors.toList());
        }
        // ca.pem, ca-key.pem, hub/{key,cert}.pem, 3 * 3 member files, 2 staff files
        assertThat(files).hasSize(4 + 9 + 2);
        for (Path file : files) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                    .isEqualTo("rw-------");
        }
        for (Path dir : dirs) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).as(dir.toString())
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void credentialFilesHoldUsernameAndALongRandomPassword() throws IOException {
        Set<String> passwords = new HashSet<>();
        for (Member m : three) {
            Properties p = properties(layout.memberCredentials(m.orgnr()));
            assertThat(p.getProperty("username")).isEqualTo(m.orgnr());
            assertThat(p.getProperty("password")).matches("[A-Za-z0-9_-]{32}");
            passwords.add(p.getProperty("password"));
        }
        assertThat(properties(layout.staffCredentials(Role.OPERATOR)).getProperty("username")).isEqualTo("operator");
        assertThat(properties(layout.staffCredentials(Role.SECRETARIAT)).getProperty("username"))
                .isEqualTo("sekretariat");
        passwords.add(properties(layout.staffCredentials(Role.OPERATOR)).getProperty("password"));
        passwords.add(properties(layout.staffCredentials(Role.SECRETARIAT)).getProperty("password"));
        assertThat(passwords).as("every password is different").hasSize(5);
    }

    @Test
    void aSecondEnsureMakesNothingAndChangesNothing(@TempDir Path tmp) throws IOException {
        IdentityLayout copy = copy(tmp);
        List<byte[]> before = certificateBytes(copy, three);
        byte[] caBefore = Files.readAllBytes(copy.caCertificate());
        byte[] hubBefore = Files.readAllBytes(copy.hubCertificate());
        byte[] credentialsBefore = Files.readAllBytes(copy.memberCredentials("994631004"));
        byte[] operatorBefore = Files.readAllBytes(copy.staffCredentials(Role.OPERATOR));

        assertThat(new DemoIdentities(copy).ensure(three)).isZero();

        List<byte[]> after = certificateBytes(copy, three);
        for (int i = 0; i < three.size(); i++) {
            assertThat(after.get(i)).isEqualTo(before.get(i));
        }
        assertThat(Files.readAllBytes(copy.caCertificate())).isEqualTo(caBefore);
        assertThat(Files.readAllBytes(copy.hubCertificate())).isEqualTo(hubBefore);
        assertThat(Files.readAllBytes(copy.memberCredentials("994631004"))).isEqualTo(credentialsBefore);
        assertThat(Files.readAllBytes(copy.staffCredentials(Role.OPERATOR))).isEqualTo(operatorBefore);
    }

    @Test
    void aNewMemberGetsExactlyOneNewIdentityFromTheSameCa(@TempDir Path tmp) throws Exception {
        IdentityLayout copy = copy(tmp);
        List<byte[]> before = certificateBytes(copy, three);
        byte[] caBefore = Files.readAllBytes(copy.caCertificate());
        List<Member> four = members(THREE + FOURTH);
        assertThat(four).hasSize(4);

        assertThat(new DemoIdentities(copy).ensure(four)).isEqualTo(1);

        assertThat(copy.memberCertificate("994635018")).isRegularFile();
        assertThat(copy.memberKey("994635018")).isRegularFile();
        assertThat(copy.memberCredentials("994635018")).isRegularFile();
        List<byte[]> after = certificateBytes(copy, three);
        for (int i = 0; i < three.size(); i++) {
            assertThat(after.get(i)).isEqualTo(before.get(i));
        }
        assertThat(Files.readAllBytes(copy.caCertificate())).isEqualTo(caBefore);
        X509Certificate ca = Pem.readCertificate(copy.caCertificate());
        X509Certificate gulen = Pem.readCertificate(copy.memberCertificate("994635018"));
        gulen.verify(ca.getPublicKey());
        assertThat(gulen.getSubjectX500Principal().getName()).contains("CN=Gulen kommune", "O=994635018");

        assertThat(Identities.load(copy, four).certificateOf("994635018")).contains(gulen);
        assertThat(new DemoIdentities(copy).ensure(four)).isZero();
    }

    @Test
    void aCaCertificateWithoutItsKeyIsNeverReplaced(@TempDir Path tmp) throws Exception {
        IdentityLayout copy = copy(tmp);
        byte[] caBefore = Files.readAllBytes(copy.caCertificate());
        Files.delete(copy.caKey());

        // nothing to issue: fine without the CA key
        assertThat(new DemoIdentities(copy).ensure(three)).isZero();
        // something to issue: refused, naming the missing key, and the CA certificate is kept
        assertThatThrownBy(() -> new DemoIdentities(copy).ensure(members(THREE + FOURTH)))
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining(copy.caKey().toString());
        assertThat(Files.readAllBytes(copy.caCertificate())).isEqualTo(caBefore);
    }

    @Test
    void aMemberWhoseCertificateWasDeletedGetsANewOneAndKeepsItsCredentials(@TempDir Path tmp) throws Exception {
        IdentityLayout copy = copy(tmp);
        byte[] credentialsBefore = Files.readAllBytes(copy.memberCredentials("994631004"));
        Files.delete(copy.memberCertificate("994631004"));

        assertThat(new DemoIdentities(copy).ensure(three)).isEqualTo(1);

        assertThat(copy.memberCertificate("994631004")).isRegularFile();
        assertThat(Files.readAllBytes(copy.memberCredentials("994631004"))).isEqualTo(credentialsBefore);
        Pem.readCertificate(copy.memberCertificate("994631004"))
                .verify(Pem.readCertificate(copy.caCertificate()).getPublicKey());
        assertThat(Identities.load(copy, three).certificateOf("994631004")).isPresent();
    }

    @Test
    void identitiesLoadFindsEveryMembersCertificate() throws Exception {
        Identities identities = Identities.load(layout, three);
        X509Certificate ca = Pem.readCertificate(layout.caCertificate());
        assertThat(identities.caCertificate()).isEqualTo(ca);
        for (Member m : three) {
            X509Certificate cert = identities.certificateOf(m.orgnr()).orElseThrow();
            assertThat(cert).isEqualTo(Pem.readCertificate(layout.memberCertificate(m.orgnr())));
            cert.verify(ca.getPublicKey());
            assertThat(cert.getSubjectX500Principal().getName()).contains("CN=" + m.name() + " kommune");
        }
        assertThat(identities.certificateOf("994635018")).isEmpty();
        // the member certificates are all different
        assertThat(three.stream().map(m -> identities.certificateOf(m.orgnr()).orElseThrow()).distinct()).hasSize(3);
        identities.hubCertificate().verify(ca.getPublicKey());
    }

    @Test
    void theHubKeyBelongsToTheHubCertificate() throws Exception {
        Identities identities = Identities.load(layout, three);
        byte[] content = "ping".getBytes(StandardCharsets.US_ASCII);
        byte[] signed = new CmsSigner(identities.hubKey(), identities.hubCertificate()).sign(content);
        assertThat(new CmsVerifier().verify(signed, identities.hubCertificate())).isEqualTo(content);
    }

    @Test
    void aMembersKeyBelongsToItsCertificate() throws Exception {
        Identities identities = Identities.load(layout, three);
        byte[] content = "hei".getBytes(StandardCharsets.US_ASCII);
        byte[] signed = new CmsSigner(Pem.readPrivateKey(layout.memberKey("994633007")),
                identities.certificateOf("994633007").orElseThrow()).sign(content);
        assertThat(new CmsVerifier().verify(signed, identities.certificateOf("994633007").orElseThrow()))
                .isEqualTo(content);
    }

    @Test
    void credentialsMatchThePasswordInTheFileAndNotAWrongOne() throws IOException {
        Identities identities = Identities.load(layout, three);
        for (Member m : three) {
            String password = properties(layout.memberCredentials(m.orgnr())).getProperty("password");
            Credential credential = identities.credential(m.orgnr()).orElseThrow();
            assertThat(credential.role()).isEqualTo(Role.MEMBER);
            assertThat(credential.orgnr()).contains(m.orgnr());
            assertThat(credential.matches(password)).isTrue();
            assertThat(credential.matches(password + "x")).isFalse();
            assertThat(credential.matches("wrong")).isFalse();
            assertThat(credential.matches("")).isFalse();
            assertThat(credential.matches(null)).isFalse();
        }
        String alver = properties(layout.memberCredentials("994631004")).getProperty("password");
        assertThat(identities.credential("994629018").orElseThrow().matches(alver))
                .as("one member's password does not open another's").isFalse();

        Credential operator = identities.credential("operator").orElseThrow();
        assertThat(operator.role()).isEqualTo(Role.OPERATOR);
        assertThat(operator.orgnr()).isEmpty();
        assertThat(operator.matches(properties(layout.staffCredentials(Role.OPERATOR)).getProperty("password"))).isTrue();
        Credential secretariat = identities.credential("sekretariat").orElseThrow();
        assertThat(secretariat.role()).isEqualTo(Role.SECRETARIAT);
        assertThat(secretariat.matches(properties(layout.staffCredentials(Role.SECRETARIAT)).getProperty("password")))
                .isTrue();
        assertThat(secretariat.matches(properties(layout.staffCredentials(Role.OPERATOR)).getProperty("password")))
                .isFalse();
        assertThat(identities.credential("nobody")).isEmpty();
    }

    @Test
    void demoCredentialsAreStoredAsSaltedBcryptHashesBesideThePasswordForTheUser() throws IOException {
        Identities identities = Identities.load(layout, three);
        Set<String> hashes = new HashSet<>();
        for (Member m : three) {
            Properties file = properties(layout.memberCredentials(m.orgnr()));
            Credential credential = identities.credential(m.orgnr()).orElseThrow();
            assertThat(file.getProperty("password-hash")).startsWith("{bcrypt}$2a$10$")
                    .isEqualTo(credential.passwordHash());
            assertThat(credential.passwordHash()).doesNotContain(file.getProperty("password"));
            assertThat(credential.toString()).doesNotContain(credential.passwordHash());
            hashes.add(credential.passwordHash());
        }
        assertThat(hashes).hasSize(3);
        // the same password hashed twice gives two hashes: salted
        assertThat(PasswordHash.of("hemmeleg")).startsWith("{bcrypt}").isNotEqualTo(PasswordHash.of("hemmeleg"));
    }

    @Test
    void aPasswordHashOrAPlainPasswordIsAcceptedAndKeptAsABcryptHash(@TempDir Path tmp) throws IOException {
        IdentityLayout copy = copy(tmp);
        Files.writeString(copy.staffCredentials(Role.OPERATOR), "username=operator\npassword-hash="
                + PasswordHash.of("hemmeleg") + "\n");
        Files.writeString(copy.staffCredentials(Role.SECRETARIAT), "username=sekretariat\npassword=løyndom\n");
        Identities identities = Identities.load(copy, three);
        Credential operator = identities.credential("operator").orElseThrow();
        assertThat(operator.matches("hemmeleg")).isTrue();
        assertThat(operator.matches("feil")).isFalse();
        Credential secretariat = identities.credential("sekretariat").orElseThrow();
        assertThat(secretariat.passwordHash()).startsWith("{bcrypt}");
        assertThat(secretariat.matches("løyndom")).isTrue();
        assertThat(identities.verify("sekretariat", "løyndom")).contains(secretariat);
        assertThat(identities.verify("sekretariat", "hemmeleg")).isEmpty();
        assertThat(identities.verify("nobody", "løyndom")).isEmpty();
    }

    @Test
    void anUnsaltedSha256StopsTheStartNamingTheLineAndHowToHash(@TempDir Path tmp) throws IOException {
        IdentityLayout copy = copy(tmp);
        Path file = copy.staffCredentials(Role.OPERATOR);
        Files.writeString(file, "# operator\nusername=operator\npassword-sha256="
                + "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\n");
        assertThatThrownBy(() -> Identities.load(copy, three))
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining(file + " line 3")
                .hasMessageContaining("unsalted SHA-256")
                .hasMessageContaining(PasswordHash.class.getName());
    }

    @Test
    void aFastOrMalformedHashStopsTheStart(@TempDir Path tmp) throws IOException {
        IdentityLayout copy = copy(tmp);
        Path file = copy.staffCredentials(Role.OPERATOR);
        for (String hash : List.of("{noop}hemmeleg", "{SHA-256}abc", "{bcrypt}hemmeleg", "$2a$10$abc")) {
            Files.writeString(file, "username=operator\npassword-hash=" + hash + "\n");
            assertThatThrownBy(() -> Identities.load(copy, three)).as(hash)
                    .isInstanceOf(IdentityException.class)
                    .hasMessageContaining(file + " line 2")
                    .hasMessageContaining("not a slow salted hash");
        }
    }

    @Test
    void anOlderDemoWithPlainPasswordsGetsTheirHashesAddedAndKeepsThePasswords(@TempDir Path tmp) throws IOException {
        IdentityLayout copy = copy(tmp);
        Path file = copy.memberCredentials("994631004");
        Files.writeString(file, "username=994631004\npassword=gamalt\n");
        new DemoIdentities(copy).ensure(three);
        Properties after = properties(file);
        assertThat(after.getProperty("password")).isEqualTo("gamalt");
        assertThat(PasswordHash.matches("gamalt", after.getProperty("password-hash"))).isTrue();
    }

    @Test
    void anUnknownUsernameTakesAsLongAsAWrongPasswordForAKnownOne() {
        Identities identities = Identities.load(layout, three);
        identities.verify("994631004", "warm-up");
        long known = median(() -> identities.verify("994631004", "wrong"));
        long unknown = median(() -> identities.verify("nobody", "wrong"));
        assertThat(unknown).as("unknown %d ns, known %d ns", unknown, known)
                .isGreaterThan(known / 3).isLessThan(known * 3);
    }

    private static long median(Runnable attempt) {
        long[] times = new long[9];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            attempt.run();
            times[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(times);
        return times[times.length / 2];
    }

    @Test
    void aMissingCertificateNamesTheMissingFile(@TempDir Path tmp) throws IOException {
        IdentityLayout copy = copy(tmp);
        Path missing = copy.memberCertificate("994631004");
        Files.delete(missing);
        assertThatThrownBy(() -> Identities.load(copy, three))
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString());
    }

    @Test
    void missingCredentialsAndHubFilesNameTheMissingFile(@TempDir Path tmp) throws IOException {
        IdentityLayout copy = copy(tmp);
        Path credentials = copy.memberCredentials("994629018");
        Files.delete(credentials);
        assertThatThrownBy(() -> Identities.load(copy, three))
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining(credentials.toAbsolutePath().toString());

        new DemoIdentities(copy).ensure(three); // puts Modalen back
        Path hubKey = copy.hubKey();
        Files.delete(hubKey);
        assertThatThrownBy(() -> Identities.load(copy, three))
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining(hubKey.toAbsolutePath().toString());
    }

    @Test
    void aCredentialsFileWithoutAPasswordIsRefused(@TempDir Path tmp) throws IOException {
        IdentityLayout copy = copy(tmp);
        Path file = copy.staffCredentials(Role.SECRETARIAT);
        Files.writeString(file, "username=sekretariat\n");
        assertThatThrownBy(() -> Identities.load(copy, three))
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("password");
    }

    @Test
    void aUsernameUsedTwiceIsRefused(@TempDir Path tmp) throws IOException {
        IdentityLayout copy = copy(tmp);
        Files.writeString(copy.staffCredentials(Role.SECRETARIAT), "username=operator\npassword=abc\n");
        assertThatThrownBy(() -> Identities.load(copy, three))
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining("used twice");
    }

    // ---- helpers ----

    private static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    private static List<byte[]> certificateBytes(IdentityLayout l, List<Member> members) throws IOException {
        List<byte[]> result = new ArrayList<>();
        for (Member m : members) {
            result.add(Files.readAllBytes(l.memberCertificate(m.orgnr())));
        }
        return result;
    }

    /** Copies the shared identity directory, keeping permissions, so a test can change it. */
    private static IdentityLayout copy(Path target) throws IOException {
        Path from = layout.root();
        Path to = target.resolve("demo");
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Files.copy(p, to.resolve(from.relativize(p).toString()),
                        java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return new IdentityLayout(to);
    }
}
