package no.knutepunkt.hub.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import no.knutepunkt.platform.identity.Credential;
import no.knutepunkt.platform.identity.Identities;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Username and password (the API's HTTP Basic, the console's form) against the credentials of the identity
 * directory; the principal is a {@link Caller}. The {@link SignInGuard} may refuse first ({@link SignInLocked}),
 * without the password being looked at. The stored hashes are slow on purpose, and the API authenticates every
 * request, so a verified username and password is remembered for {@link SignInProperties#remember()} under an HMAC
 * of the two with a key made at start (neither is kept, and the key never leaves the process); a wrong password is
 * never remembered and always costs a slow hash, as does an unknown username.
 */
@Component
public class CredentialAuthenticationProvider implements AuthenticationProvider {
    private static final String HMAC = "HmacSHA256";
    private final Identities identities;
    private final SignInGuard guard;
    private final Cache<String, Credential> verified;
    /** One HMAC per thread, keyed once: every API request computes one. */
    private final ThreadLocal<Mac> hmac;

    public CredentialAuthenticationProvider(Identities identities, SignInGuard guard, SignInProperties settings) {
        this.identities = identities;
        this.guard = guard;
        this.verified = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(settings.remember()).build();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        SecretKeySpec key = new SecretKeySpec(secret, HMAC);
        this.hmac = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(HMAC);
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(HMAC + " is part of every JRE", e);
            }
        });
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        String password = authentication.getCredentials() instanceof String s ? s : "";
        String address = authentication.getDetails() instanceof WebAuthenticationDetails web
                && web.getRemoteAddress() != null ? web.getRemoteAddress() : "(unknown)";
        String path = authentication.getDetails() instanceof SignInDetails details ? details.path() : "(unknown)";
        Optional<Duration> locked = guard.locked(username, address);
        if (locked.isPresent()) {
            throw new SignInLocked(locked.get());
        }
        String digest = digest(username, password);
        Credential credential = verified.getIfPresent(digest);
        if (credential == null) {
            credential = identities.verify(username, password).orElse(null);
            if (credential == null) {
                guard.failed(username, address, path);
                throw new BadCredentialsException("unknown username or wrong password");
            }
            guard.succeeded(username, address);
            verified.put(digest, credential);
        }
        Caller caller = new Caller(credential.username(), credential.role(), credential.orgnr());
        return UsernamePasswordAuthenticationToken.authenticated(caller, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + credential.role().name())));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** HMAC-SHA256 of username and password, each with its length first (no two pairs give the same input). */
    private String digest(String username, String password) {
        // doFinal resets the Mac for the thread's next request
        return Base64.getEncoder().encodeToString(hmac.get().doFinal(
                (username.length() + ":" + username + password.length() + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)));
    }
}
