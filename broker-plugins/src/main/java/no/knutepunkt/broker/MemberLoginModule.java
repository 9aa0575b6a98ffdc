package no.knutepunkt.broker;

import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAAS sign-in of member systems on a production broker: the orgnr and the password the member uses at the hub's
 * API, checked against the {@code password-hash} in the hub's identity folder ({@link MemberDirectory}; option
 * {@code identities}, else {@code KNUTEPUNKT_IDENTITIES_DIR}). A member gets the user {@code <orgnr>} and the role
 * {@code member-<orgnr>}, which {@link MemberSecuritySettings} lets consume its own address only. The hubs' own
 * broker user stays with Artemis' PropertiesLoginModule, before this one in login.config (config/artemis).
 */
public class MemberLoginModule implements LoginModule {
    private static final Logger log = LoggerFactory.getLogger(MemberLoginModule.class);
    private Subject subject;
    private CallbackHandler callbacks;
    private MemberDirectory directory;
    private String orgnr;
    private final List<Principal> principals = new ArrayList<>();

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
                           Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
        this.directory = MemberDirectory.of(options, "identities");
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("orgnr: ");
        PasswordCallback password = new PasswordCallback("password: ", false);
        try {
            callbacks.handle(new Callback[] {name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("no credentials: " + e);
        }
        char[] secret = password.getPassword();
        try {
            Optional<String> member = directory.authenticate(name.getName(), secret);
            if (member.isEmpty()) {
                log.debug("broker sign-in as {} refused: not a member's orgnr and password", name.getName());
                throw new FailedLoginException("not a member system's orgnr and password");
            }
            orgnr = member.get();
            return true;
        } finally {
            password.clearPassword();
        }
    }

    @Override
    public boolean commit() {
        if (orgnr == null) {
            return false;
        }
        principals.add(new UserPrincipal(orgnr));
        principals.add(new RolePrincipal(MemberAddresses.role(orgnr)));
        subject.getPrincipals().addAll(principals);
        return true;
    }

    @Override
    public boolean abort() {
        clear();
        return true;
    }

    @Override
    public boolean logout() {
        clear();
        return true;
    }

    private void clear() {
        if (subject != null) {
            principals.forEach(subject.getPrincipals()::remove);
        }
        principals.clear();
        orgnr = null;
    }
}
