package no.knutepunkt.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.FailedLoginException;
import no.knutepunkt.platform.identity.PasswordHash;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member signs in to a production broker with its orgnr and API password, checked against its password-hash in
 * the hubs' identity folder, and gets a role that may consume and browse its own address only (the brokers
 * themselves are run by the topology suite's scenario 6).
 */
class MemberSignInTest {
    private static final String KINN = "994602004";
    private static final String ETNE = "994611003";
    @TempDir
    static Path identities;

    @BeforeAll
    static void members() throws IOException {
        member(KINN, "username=" + KINN + "\npassword-hash=" + PasswordHash.of("kinn-passord") + "\n");
        // a member whose credentials name another username: not signed in by orgnr
        member(ETNE, "username=etne\npassword-hash=" + PasswordHash.of("etne-passord") + "\n");
    }

    private static void member(String orgnr, String credentials) throws IOException {
        Path dir = Files.createDirectories(identities.resolve("members").resolve(orgnr));
        Files.writeString(dir.resolve("credentials.properties"), credentials);
    }

    private static Subject signIn(String user, String password) throws Exception {
        Subject subject = new Subject();
        MemberLoginModule module = new MemberLoginModule();
        CallbackHandler handler = (Callback[] callbacks) -> {
            ((NameCallback) callbacks[0]).setName(user);
            ((PasswordCallback) callbacks[1]).setPassword(password.toCharArray());
        };
        module.initialize(subject, handler, Map.of(), Map.of("identities", identities.toString()));
        module.login();
        assertThat(module.commit()).isTrue();
        return subject;
    }

    @Test
    void aMemberSignsInWithItsOrgnrAndPasswordAndGetsItsOwnRole() throws Exception {
        Subject subject = signIn(KINN, "kinn-passord");
        assertThat(subject.getPrincipals()).contains(new UserPrincipal(KINN), new RolePrincipal("member-" + KINN));
    }

    @Test
    void aWrongPasswordAnUnknownUserOrAnotherUsernameIsRefused() {
        assertThatThrownBy(() -> signIn(KINN, "feil")).isInstanceOf(FailedLoginException.class);
        assertThatThrownBy(() -> signIn("994601008", "kinn-passord")).isInstanceOf(FailedLoginException.class);
        assertThatThrownBy(() -> signIn(ETNE, "etne-passord")).isInstanceOf(FailedLoginException.class);
        assertThatThrownBy(() -> signIn("knutepunkt", "kinn-passord")).isInstanceOf(FailedLoginException.class);
        assertThatThrownBy(() -> signIn("../" + KINN, "kinn-passord")).isInstanceOf(FailedLoginException.class);
    }

    @Test
    void eachMemberMayConsumeAndBrowseItsOwnAddressOnlyAndTheHubsUseIt() {
        Map<String, Set<Role>> settings = new MemberSecuritySettings()
                .init(Map.of("hubRole", "amq", "identities", identities.toString())).getSecurityRoles();
        assertThat(settings).containsOnlyKeys("knutepunkt.#", "knutepunkt.member." + KINN,
                "knutepunkt.member." + ETNE);
        assertThat(settings.get("knutepunkt.#")).extracting(Role::getName).containsExactly("amq");
        Set<Role> roles = settings.get("knutepunkt.member." + KINN);
        Role member = roles.stream().filter(r -> r.getName().equals("member-" + KINN)).findFirst().orElseThrow();
        Role hub = roles.stream().filter(r -> r.getName().equals("amq")).findFirst().orElseThrow();
        assertThat(roles).hasSize(2);
        for (CheckType check : CheckType.values()) {
            assertThat(check.hasRole(member)).as("member may %s", check)
                    .isEqualTo(check == CheckType.CONSUME || check == CheckType.BROWSE);
        }
        assertThat(CheckType.SEND.hasRole(hub)).isTrue();
        assertThat(CheckType.CONSUME.hasRole(hub)).isTrue();
        assertThat(CheckType.CREATE_DURABLE_QUEUE.hasRole(hub)).isTrue();
        assertThat(CheckType.CREATE_ADDRESS.hasRole(hub)).isTrue();
        assertThat(CheckType.MANAGE.hasRole(hub)).isFalse();
    }

    @Test
    void theHubsRoleMustBeNamed() {
        assertThatThrownBy(() -> new MemberSecuritySettings().init(Map.of("identities", identities.toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hubRole");
    }
}
