package no.knutepunkt.hub.security;

import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import no.knutepunkt.platform.member.MemberRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.ExceptionTranslationFilter;

/**
 * HTTP Basic on the API (and, with {@code knutepunkt.security.jwt.enabled}, members' OAuth2 bearer tokens:
 * {@link MemberTokens}), no sessions, no CSRF (no browser session to ride on); members reach
 * messages and their inbox, operators the actuator (metrics at {@code /actuator/prometheus} among it), the dead
 * letters, routes and queues, everyone authenticated the member list; anyone the API's
 * contract ({@code /api/v1/openapi.yaml}) and its Swagger UI ({@code /docs/}).
 * Refusals are written by {@link Refusals} (problem+json, like every other API error). A sign-in the
 * {@link SignInGuard} locked gets 429 with Retry-After, unchecked. A caller without valid credentials gets 401 on every
 * path (but the health probe and the contract), known or not; an authenticated one 403 where its role may not go,
 * and otherwise whatever the path answers, 404 and 405 included: the error page they are forwarded to is open.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {
    @Bean
    SecurityFilterChain api(HttpSecurity http, Refusals refusals, ActionLog audit, JwtProperties jwt,
                            MemberRegistry members) throws Exception {
        // no or wrong credentials: the schemes the hub takes, and the problem
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            if (e instanceof SignInLocked locked) { // too many failures: refused without checking (SignInGuard)
                refusals.signInLocked(request, response, locked);
                return;
            }
            response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"knutepunkt\"");
            if (jwt.enabled()) {
                response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"knutepunkt\"");
            }
            refusals.unauthenticated(request, response);
        };
        if (jwt.enabled()) {
            MemberTokens tokens = new MemberTokens(jwt, members::isMember);
            TokenRefusals tokenRefusals = new TokenRefusals(refusals);
            http.oauth2ResourceServer(o -> o
                    .authenticationEntryPoint(tokenRefusals)
                    .jwt(j -> j.decoder(tokens.decoder()).jwtAuthenticationConverter(tokens))
                    // RFC 9728 metadata (open, like the contract): where members get tokens, and for which scope
                    .protectedResourceMetadata(m -> m.protectedResourceMetadataCustomizer(meta -> meta
                            .resourceName("Knutepunkt").authorizationServer(jwt.issuer()).scope(jwt.scope())
                            .tlsClientCertificateBoundAccessTokens(false)))
                    // keys that cannot be fetched are answered too (Spring's handler would rethrow: a 500)
                    .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                        @Override
                        public <F extends BearerTokenAuthenticationFilter> F postProcess(F filter) {
                            AuthenticationEntryPointFailureHandler failures =
                                    new AuthenticationEntryPointFailureHandler(tokenRefusals);
                            failures.setRethrowAuthenticationServiceException(false);
                            filter.setAuthenticationFailureHandler(failures);
                            return filter;
                        }
                    }));
        }
        http.csrf(AbstractHttpConfigurer::disable)
                // staff actions (refused ones too) go into the audit trail
                .addFilterBefore(new AuditFilter(audit, ActionLog.API), ExceptionTranslationFilter.class)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.realmName("knutepunkt").authenticationDetailsSource(SignInDetails::new)
                        .authenticationEntryPoint(unauthenticated))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler((request, response, e) -> refusals.forbidden(request, response)))
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        // the API's contract and its Swagger UI: not a secret, and read before one logs in
                        .requestMatchers(HttpMethod.GET, "/api/v1/openapi.yaml", "/docs", "/docs/**").permitAll()
                        .requestMatchers("/actuator/**").hasRole("OPERATOR")
                        .requestMatchers("/api/v1/dead-letters", "/api/v1/dead-letters/**").hasRole("OPERATOR")
                        .requestMatchers("/api/v1/audit").hasRole("OPERATOR")
                        .requestMatchers("/api/v1/routes", "/api/v1/routes/**", "/api/v1/queues", "/api/v1/queues/**")
                        .hasRole("OPERATOR")
                        .requestMatchers(HttpMethod.GET, "/api/v1/distributions", "/api/v1/distributions/**")
                        .hasAnyRole("SECRETARIAT", "OPERATOR")
                        .requestMatchers("/api/v1/distributions", "/api/v1/distributions/**").hasRole("SECRETARIAT")
                        .requestMatchers(HttpMethod.GET, "/api/v1/invoicing-runs/*/invoices/*").authenticated()
                        .requestMatchers(HttpMethod.GET, "/api/v1/invoicing-runs", "/api/v1/invoicing-runs/**",
                                "/api/v1/resource-use", "/api/v1/resource-use/**")
                        .hasAnyRole("SECRETARIAT", "OPERATOR")
                        .requestMatchers("/api/v1/invoicing-runs", "/api/v1/invoicing-runs/**", "/api/v1/resource-use",
                                "/api/v1/resource-use/**").hasRole("SECRETARIAT")
                        .requestMatchers("/api/v1/messages", "/api/v1/messages/**", "/api/v1/inbox",
                                "/api/v1/inbox/**").hasRole("MEMBER")
                        .requestMatchers(HttpMethod.GET, "/api/v1/members", "/api/v1/message-types", "/api/v1/catalog",
                                "/api/v1/agreements", "/api/v1/agreements/**", "/api/v1/projects",
                                "/api/v1/projects/**").authenticated()
                        .requestMatchers("/api/v1/projects", "/api/v1/projects/**").hasRole("SECRETARIAT")
                        .requestMatchers("/api/v1/agreements", "/api/v1/agreements/**").hasRole("SECRETARIAT")
                        // paths without a rule: members' GET-only lists with another method (405), unknown paths (404)
                        .anyRequest().authenticated());
        return http.build();
    }
}
