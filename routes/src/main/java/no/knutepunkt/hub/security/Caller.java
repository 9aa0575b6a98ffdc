package no.knutepunkt.hub.security;

import java.security.Principal;
import java.util.Optional;
import no.knutepunkt.platform.identity.Role;

/**
 * Who is calling the API: the authenticated principal.
 *
 * @param username the login name
 * @param role     what the caller may do
 * @param orgnr    for member systems, the organisation they act as
 */
public record Caller(String username, Role role, Optional<String> orgnr) implements Principal {
    /** The username, so that the authentication's name is the login name. */
    @Override
    public String getName() {
        return username;
    }
}
