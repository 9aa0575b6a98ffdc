package no.knutepunkt.hub.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * What a sign-in attempt carries besides the username and password: the client's address (for the throttle) and the
 * path (for the log line). Set on the API's HTTP Basic and on the console's form login.
 */
public class SignInDetails extends WebAuthenticationDetails {
    private final String path;

    public SignInDetails(HttpServletRequest request) {
        super(request);
        this.path = request.getRequestURI();
    }

    public String path() {
        return path;
    }
}
