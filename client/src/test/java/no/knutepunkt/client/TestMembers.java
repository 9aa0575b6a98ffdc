package no.knutepunkt.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import no.knutepunkt.platform.identity.DemoIdentities;
import no.knutepunkt.platform.identity.IdentityLayout;
import no.knutepunkt.platform.identity.Role;
import no.knutepunkt.platform.member.Member;

/**
 * Demo identities of two members (Bergen and Kinn) and the staff roles' credentials, made with the platform's demo
 * PKI as the hub makes them.
 */
final class TestMembers {
    static final String BERGEN = "994601008";
    static final String KINN = "994602004";
    private final IdentityLayout layout;

    private TestMembers(IdentityLayout layout) {
        this.layout = layout;
    }

    /** Makes DIR/demo with a CA and the two members' keys, certificates and credentials. */
    static TestMembers under(Path dir) {
        IdentityLayout layout = new IdentityLayout(dir.resolve("demo"));
        new DemoIdentities(layout).ensure(List.of(member("4601", "Bergen", BERGEN), member("4602", "Kinn", KINN)));
        return new TestMembers(layout);
    }

    Path dir(String orgnr) {
        return layout.member(orgnr);
    }

    /** The credentials file of a staff role (operator.properties, secretariat.properties). */
    Path staff(Role role) {
        return layout.staffCredentials(role);
    }

    Path ca() {
        return layout.caCertificate();
    }

    MemberIdentity identity(String orgnr) throws IOException {
        return MemberIdentity.load(dir(orgnr), ca());
    }

    private static Member member(String kommunenummer, String name, String orgnr) {
        return new Member(kommunenummer, name, orgnr, "Vestland", Optional.empty(), 1000);
    }
}
