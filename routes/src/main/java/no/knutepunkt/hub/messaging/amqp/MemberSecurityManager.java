package no.knutepunkt.hub.messaging.amqp;

import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import no.knutepunkt.broker.MemberAddresses;
import no.knutepunkt.hub.security.Caller;
import no.knutepunkt.hub.security.CredentialAuthenticationProvider;
import no.knutepunkt.platform.identity.Role;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Who may do what on the embedded broker once it accepts AMQP connections. The hub's own in-VM connections act as
 * the hub ({@link #HUB_ROLE}, everything). Any other connection authenticates as a member system, with the hub's
 * member credentials (orgnr and password, through the API's authentication: the same throttle and the same hash
 * check), and gets the role {@link MemberAddresses#role} of its own; what a role may do is the broker's security settings
 * ({@link AmqpBrokerConfig}): a member consumes and browses its own address and does nothing else.
 */
final class MemberSecurityManager implements ActiveMQSecurityManager5 {
    private static final Logger log = LoggerFactory.getLogger(MemberSecurityManager.class);
    /** The role of the hub's own connections. */
    static final String HUB_ROLE = "hub";
    private final ObjectProvider<CredentialAuthenticationProvider> authentication;

    MemberSecurityManager(ObjectProvider<CredentialAuthenticationProvider> authentication) {
        this.authentication = authentication;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String domain) {
        if (connection == null || connection.getTransportConnection() instanceof InVMConnection) {
            return subject(HUB_ROLE, HUB_ROLE);
        }
        if (user == null || password == null) {
            return null;
        }
        String address = String.valueOf(connection.getRemoteAddress());
        UsernamePasswordAuthenticationToken presented = UsernamePasswordAuthenticationToken.unauthenticated(user,
                password);
        presented.setDetails(new WebAuthenticationDetails(address, null));
        try {
            Optional<String> orgnr = authentication.getObject().authenticate(presented).getPrincipal() instanceof
                    Caller caller && caller.role() == Role.MEMBER ? caller.orgnr() : Optional.empty();
            if (orgnr.isEmpty()) {
                log.info("AMQP connection from {} as {} refused: not a member system", address, user);
                return null;
            }
            return subject(orgnr.get(), MemberAddresses.role(orgnr.get()));
        } catch (AuthenticationException e) {
            log.info("AMQP connection from {} as {} refused: {}", address, user, e.getMessage());
            return null;
        }
    }

    @Override
    public boolean authorize(Subject subject, Set<org.apache.activemq.artemis.core.security.Role> roles,
                             CheckType checkType, String address) {
        if (subject == null) {
            return false;
        }
        Set<RolePrincipal> held = subject.getPrincipals(RolePrincipal.class);
        if (held.contains(new RolePrincipal(HUB_ROLE))) {
            return true;
        }
        return roles != null && roles.stream().anyMatch(role -> checkType.hasRole(role)
                && held.contains(new RolePrincipal(role.getName())));
    }

    @Override
    public boolean validateUser(String user, String password) {
        throw new UnsupportedOperationException("the broker calls authenticate");
    }

    @Override
    public boolean validateUserAndRole(String user, String password,
                                       Set<org.apache.activemq.artemis.core.security.Role> roles,
                                       CheckType checkType) {
        throw new UnsupportedOperationException("the broker calls authorize");
    }

    private static Subject subject(String user, String role) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        subject.getPrincipals().add(new RolePrincipal(role));
        return subject;
    }
}
