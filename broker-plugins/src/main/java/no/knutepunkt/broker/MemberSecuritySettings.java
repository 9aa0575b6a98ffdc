package no.knutepunkt.broker;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.SecuritySettingPlugin;
import org.apache.activemq.artemis.core.settings.HierarchicalRepository;

/**
 * The security settings of a production broker (Artemis takes either security-setting elements or one such plugin
 * in broker.xml, not both): the hubs' role may send to, consume, browse and create (the address and its durable
 * queue) every {@code knutepunkt.#} address, as the embedded broker lets the hub; and, from the hubs' identity
 * folder rather than a list in broker.xml, for every member folder {@code members/<orgnr>}, the address
 * {@code knutepunkt.member.<orgnr>} may be consumed and browsed by the role {@code member-<orgnr>}
 * ({@link MemberLoginModule}) as well. A member's role has no permission anywhere else, so it sends nowhere.
 *
 * <p>In broker.xml: {@code <security-setting-plugin class-name="no.knutepunkt.broker.MemberSecuritySettings">} with
 * the settings {@code hubRole} (the hubs' broker role) and {@code identities} (else {@code
 * KNUTEPUNKT_IDENTITIES_DIR}). Read when the broker starts: a member added later is given its address by a restart
 * of the brokers (one at a time).
 */
public class MemberSecuritySettings implements SecuritySettingPlugin {
    private static final long serialVersionUID = 1L;
    /** The hub's addresses. */
    public static final String HUB_ADDRESSES = "knutepunkt.#";
    private String hubRole;
    private transient MemberDirectory directory;

    @Override
    public SecuritySettingPlugin init(Map<String, String> options) {
        hubRole = options.get("hubRole");
        if (hubRole == null || hubRole.isBlank()) {
            throw new IllegalArgumentException(getClass().getName() + ": the setting hubRole is required");
        }
        directory = MemberDirectory.of(options, "identities");
        return this;
    }

    @Override
    public SecuritySettingPlugin stop() {
        return this;
    }

    @Override
    public Map<String, Set<Role>> getSecurityRoles() {
        // name, send, consume, createDurableQueue, deleteDurableQueue, createNonDurableQueue, deleteNonDurableQueue,
        // manage, browse, createAddress, deleteAddress, view, edit
        Role hub = new Role(hubRole, true, true, true, false, false, false, false, true, true, false, false, false);
        Map<String, Set<Role>> settings = new HashMap<>();
        settings.put(HUB_ADDRESSES, Set.of(hub));
        for (String orgnr : directory.members()) {
            Role member = new Role(MemberAddresses.role(orgnr), false, true, false, false, false, false, false, true,
                    false, false, false, false);
            settings.put(MemberAddresses.of(orgnr), Set.of(hub, member));
        }
        return settings;
    }

    @Override
    public void setSecurityRepository(HierarchicalRepository<Set<Role>> securityRepository) {
        // the settings are read once, at start
    }
}
