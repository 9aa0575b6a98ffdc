package no.knutepunkt.hub.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import no.knutepunkt.hub.security.Refusals.TokenRefusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrorCodes;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * A refused bearer token: Spring's {@link BearerTokenAuthenticationEntryPoint} writes the RFC 6750
 * {@code WWW-Authenticate: Bearer error="invalid_token", ...} (or {@code insufficient_scope}) the client library
 * reads, {@link Refusals} the problem with the reason. A token for an organisation that is not a member is
 * {@link TokenRefusal#NOT_A_MEMBER} (403 without a challenge: another token would not help). When the issuer's keys
 * cannot be fetched the token is not the caller's fault: 503, and a warning for the operators (no stack trace).
 */
final class TokenRefusals implements AuthenticationEntryPoint {
    private static final Logger log = LoggerFactory.getLogger(TokenRefusals.class);
    private final AuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
    private final Refusals refusals;

    TokenRefusals(Refusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException, ServletException {
        String code = e instanceof OAuth2AuthenticationException o ? o.getError().getErrorCode() : "";
        String reason = e instanceof OAuth2AuthenticationException o && o.getError().getDescription() != null
                ? o.getError().getDescription() : "it could not be read";
        TokenRefusal refusal = switch (code) {
            case BearerTokenErrorCodes.INSUFFICIENT_SCOPE -> TokenRefusal.INSUFFICIENT_SCOPE;
            case MemberTokens.NOT_A_MEMBER -> TokenRefusal.NOT_A_MEMBER;
            default -> e instanceof AuthenticationServiceException ? TokenRefusal.KEYS_UNAVAILABLE
                    : TokenRefusal.INVALID_TOKEN;
        };
        if (refusal == TokenRefusal.KEYS_UNAVAILABLE) {
            log.warn("Cannot check a bearer token: {}", e.getMessage());
        } else if (refusal != TokenRefusal.NOT_A_MEMBER) {
            challenge.commence(request, response, e);
        }
        refusals.tokenRefused(request, response, refusal, reason);
    }
}
