package no.knutepunkt.hub.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Inside the security filter chains, after authentication: every request of a staff member that changes something
 * (any method but GET, HEAD and OPTIONS), on the API or in the console, goes into the audit trail with the status it
 * was answered with — refused ones too. Sign-in and sign-out are recorded by the console's chain.
 */
public class AuditFilter extends OncePerRequestFilter {
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private final ActionLog audit;
    private final String channel;

    public AuditFilter(ActionLog audit, String channel) {
        this.audit = audit;
        this.channel = channel;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        Optional<String> role = READS.contains(request.getMethod()) || auth == null ? Optional.empty()
                : auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                        .map(a -> a.startsWith("ROLE_") ? a.substring(5) : a).filter(ActionLog.AUDITED::contains)
                        .findFirst();
        if (role.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String action = request.getMethod() + " " + request.getRequestURI();
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            audit.action(auth.getName(), role.get(), action, 500, channel);
            throw e;
        }
        audit.action(auth.getName(), role.get(), action, response.getStatus(), channel);
    }
}
