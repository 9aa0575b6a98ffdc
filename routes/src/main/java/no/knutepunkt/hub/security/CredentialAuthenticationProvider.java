package no.knutepunkt.hub.security;

import java.util.List;
import no.knutepunkt.platform.identity.Credential;
import no.knutepunkt.platform.identity.Identities;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/** HTTP Basic against the credentials of the identity directory; the principal is a {@link Caller}. */
@Component
public class CredentialAuthenticationProvider implements AuthenticationProvider {
    private final Identities identities;

    public CredentialAuthenticationProvider(Identities identities) {
        this.identities = identities;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        Object presented = authentication.getCredentials();
        Credential credential = identities.credential(username)
                .filter(c -> presented instanceof String s && c.matches(s))
                .orElseThrow(() -> new BadCredentialsException("unknown username or wrong password"));
        Caller caller = new Caller(credential.username(), credential.role(), credential.orgnr());
        return UsernamePasswordAuthenticationToken.authenticated(caller, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + credential.role().name())));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
