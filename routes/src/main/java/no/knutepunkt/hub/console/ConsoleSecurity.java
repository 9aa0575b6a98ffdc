package no.knutepunkt.hub.console;

import no.knutepunkt.hub.audit.Audit;
import no.knutepunkt.hub.security.ActionLog;
import no.knutepunkt.hub.security.AuditFilter;
import no.knutepunkt.hub.security.Caller;
import no.knutepunkt.hub.security.CredentialAuthenticationProvider;
import no.knutepunkt.hub.security.SignInDetails;
import no.knutepunkt.hub.security.SignInLocked;
import no.knutepunkt.platform.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;

/**
 * The console's own filter chain, before the API's: a form login with a session cookie for the staff roles
 * (operator, secretariat), CSRF protection on every form, and logout. Member systems keep HTTP Basic on the
 * API; their credentials do not sign in here. Sign-ins (refused ones too), sign-outs and every form sent go into
 * the audit trail. Failed sign-ins count towards the same locks as the API's; a locked one is sent back to the
 * sign-in page saying how long to wait. The session ends after {@code server.servlet.session.timeout}
 * without a request.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurity {
    /** Where the console lives: everything else is the API's chain. */
    static final String[] PATHS = {"/", "/login", "/logout", "/console", "/console/**", "/webjars/**",
            "/console-assets/**"};

    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http, CredentialAuthenticationProvider credentials, Audit audit)
            throws Exception {
        SavedRequestAwareAuthenticationSuccessHandler home = new SavedRequestAwareAuthenticationSuccessHandler();
        home.setDefaultTargetUrl("/");
        home.setAlwaysUseDefaultTargetUrl(true);
        http.securityMatcher(PATHS)
                // its own manager without a parent: a member refused here is not let in by the API's
                .authenticationManager(new ProviderManager(new StaffOnly(credentials)))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/webjars/**", "/console-assets/**").permitAll()
                        .requestMatchers("/console/operator/**").hasRole(Role.OPERATOR.name())
                        .requestMatchers("/console/secretariat/**").hasRole(Role.SECRETARIAT.name())
                        .anyRequest().hasAnyRole(Role.OPERATOR.name(), Role.SECRETARIAT.name()))
                .formLogin(form -> form.loginPage("/login").authenticationDetailsSource(SignInDetails::new)
                        .successHandler((request, response, authentication) -> {
                            if (authentication.getPrincipal() instanceof Caller caller) {
                                audit.action(caller.username(), caller.role().name(), "sign in", 302, ActionLog.CONSOLE);
                            }
                            home.onAuthenticationSuccess(request, response, authentication);
                        })
                        .failureHandler((request, response, e) -> {
                            String username = request.getParameter("username");
                            if (e instanceof SignInLocked locked) {
                                audit.refusedSignIn(username, "locked after too many failed sign-ins", 429);
                                response.sendRedirect(request.getContextPath() + "/login?locked="
                                        + locked.retryAfterSeconds());
                                return;
                            }
                            boolean member = e instanceof NotStaff;
                            audit.refusedSignIn(username,
                                    member ? "a member system's credentials" : "unknown username or wrong password",
                                    401);
                            response.sendRedirect(request.getContextPath()
                                    + (member ? "/login?member" : "/login?error"));
                        }))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .addLogoutHandler((request, response, authentication) -> {
                            if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
                                audit.action(caller.username(), caller.role().name(), "sign out", 302, ActionLog.CONSOLE);
                            }
                        }))
                .addFilterBefore(new AuditFilter(audit, ActionLog.CONSOLE), ExceptionTranslationFilter.class)
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
                                + " frame-ancestors 'none'; form-action 'self'")));
        return http.build();
    }

    /** The API's credentials, for the staff roles only. */
    static final class StaffOnly implements AuthenticationProvider {
        private final AuthenticationProvider credentials;

        StaffOnly(AuthenticationProvider credentials) {
            this.credentials = credentials;
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            Authentication result = credentials.authenticate(authentication);
            if (result.getPrincipal() instanceof Caller caller && caller.role() == Role.MEMBER) {
                throw new NotStaff("member systems use the API; the console is for operators and the secretariat");
            }
            return result;
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }

    /** Valid credentials of a member system, which may not sign in to the console. */
    static final class NotStaff extends AccountStatusException {
        NotStaff(String message) {
            super(message);
        }
    }
}
