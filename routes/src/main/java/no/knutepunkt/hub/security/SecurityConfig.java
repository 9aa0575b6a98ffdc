package no.knutepunkt.hub.security;

import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.ExceptionTranslationFilter;

/**
 * HTTP Basic on the API, no sessions, no CSRF (no browser session to ride on); members reach
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
    SecurityFilterChain api(HttpSecurity http, Refusals refusals, ActionLog audit) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                // staff actions (refused ones too) go into the audit trail
                .addFilterBefore(new AuditFilter(audit, ActionLog.API), ExceptionTranslationFilter.class)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.realmName("knutepunkt").authenticationDetailsSource(SignInDetails::new)
                        .authenticationEntryPoint((request, response, e) -> {
                    if (e instanceof SignInLocked locked) {
                        refusals.signInLocked(request, response, locked);
                        return;
                    }
                    response.setHeader("WWW-Authenticate", "Basic realm=\"knutepunkt\"");
                    refusals.unauthenticated(request, response);
                }))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) ->
                        refusals.forbidden(request, response)))
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
                        .requestMatchers(HttpMethod.GET, "/api/v1/members", "/api/v1/message-types",
                                "/api/v1/agreements", "/api/v1/agreements/**", "/api/v1/projects",
                                "/api/v1/projects/**").authenticated()
                        .requestMatchers("/api/v1/projects", "/api/v1/projects/**").hasRole("SECRETARIAT")
                        .requestMatchers("/api/v1/agreements", "/api/v1/agreements/**").hasRole("SECRETARIAT")
                        // paths without a rule: members' GET-only lists with another method (405), unknown paths (404)
                        .anyRequest().authenticated());
        return http.build();
    }
}
