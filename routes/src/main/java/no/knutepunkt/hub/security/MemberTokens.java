package no.knutepunkt.hub.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import no.knutepunkt.platform.identity.Role;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.web.client.RestTemplate;

/**
 * Members' bearer tokens (see {@link JwtProperties}): the decoder checks the signature against the issuer's JWKS,
 * the issuer, the audience and the token's times; the converter then checks the scope and that the organisation the
 * token names is a member, and makes the same {@link Caller} as a member's HTTP Basic login (role MEMBER, username
 * and orgnr the organisation number), so that every route treats both alike.
 */
public final class MemberTokens implements Converter<Jwt, AbstractAuthenticationToken> {
    /** The OAuth2 error code of a valid token whose organisation is not a member of the cooperation. */
    public static final String NOT_A_MEMBER = "not_a_member";
    /** ISO 6523 scheme of Norwegian organisation numbers, as Maskinporten writes them ({@code 0192:orgnr}). */
    private static final String ORGNR_SCHEME = "0192:";

    private final JwtProperties config;
    private final Predicate<String> isMember;

    public MemberTokens(JwtProperties config, Predicate<String> isMember) {
        this.config = config;
        this.isMember = isMember;
    }

    /** The decoder: RS256 signatures by a key of the JWKS, then issuer, audience, expiry (required) and not-before. */
    public JwtDecoder decoder() {
        SimpleClientHttpRequestFactory http = new SimpleClientHttpRequestFactory();
        http.setConnectTimeout(config.jwkSetTimeout());
        http.setReadTimeout(config.jwkSetTimeout());
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(config.jwkSetUri().toString())
                .restOperations(new RestTemplate(http)).build();
        JwtTypeValidator type = new JwtTypeValidator("JWT", "at+jwt");
        type.setAllowEmpty(true);
        decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(type,
                new JwtTimestampValidator(config.clockSkew()), new JwtIssuerValidator(config.issuer()),
                new JwtAudienceValidator(config.audience()),
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, exp -> exp != null)));
        return decoder;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        String orgnr = orgnr(jwt.getClaim(config.orgnrClaim())).orElseThrow(() -> new OAuth2AuthenticationException(
                BearerTokenErrors.invalidToken("the token's " + config.orgnrClaim()
                        + " claim names no organisation number")));
        if (!scopes(jwt).contains(config.scope())) {
            throw new OAuth2AuthenticationException(BearerTokenErrors.insufficientScope(
                    "the token does not carry the scope " + config.scope(), config.scope()));
        }
        if (!isMember.test(orgnr)) {
            throw new OAuth2AuthenticationException(new OAuth2Error(NOT_A_MEMBER,
                    "the token is valid, but organisation " + orgnr + " is not a member of the cooperation", null));
        }
        return new MemberToken(new Caller(orgnr, Role.MEMBER, Optional.of(orgnr)), jwt);
    }

    /** The scopes of {@code scope}: a space-separated string (RFC 8693, Maskinporten) or a list. */
    private static Collection<String> scopes(Jwt jwt) {
        Object scope = jwt.getClaim("scope");
        if (scope instanceof String s) {
            return List.of(s.trim().split("\\s+"));
        }
        if (scope instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    /** A plain orgnr, {@code 0192:orgnr}, or Maskinporten's {@code {"authority":"iso6523-actorid-upis","ID":...}}. */
    static Optional<String> orgnr(Object claim) {
        if (claim instanceof Map<?, ?> consumer) {
            return "iso6523-actorid-upis".equals(consumer.get("authority")) ? orgnr(consumer.get("ID"))
                    : Optional.empty();
        }
        if (claim instanceof String s) {
            String orgnr = s.startsWith(ORGNR_SCHEME) ? s.substring(ORGNR_SCHEME.length()) : s;
            return orgnr.matches("\\d{9}") ? Optional.of(orgnr) : Optional.empty();
        }
        return Optional.empty();
    }

    /** A member authenticated by a bearer token: the principal is its {@link Caller}, the credentials the token. */
    static final class MemberToken extends AbstractAuthenticationToken {
        private final Caller caller;
        private final transient Jwt jwt;

        MemberToken(Caller caller, Jwt jwt) {
            super(List.of(new SimpleGrantedAuthority("ROLE_" + Role.MEMBER.name())));
            this.caller = caller;
            this.jwt = jwt;
            setAuthenticated(true);
        }

        @Override
        public Object getPrincipal() {
            return caller;
        }

        @Override
        public Object getCredentials() {
            return jwt;
        }
    }
}
