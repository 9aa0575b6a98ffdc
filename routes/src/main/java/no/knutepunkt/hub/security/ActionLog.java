package no.knutepunkt.hub.security;

import java.util.Set;

/**
 * Where the staff's actions are recorded ({@link AuditFilter} tells it each one; the audit trail implements it).
 */
public interface ActionLog {
    /** The roles whose actions are recorded. */
    Set<String> AUDITED = Set.of("OPERATOR", "SECRETARIAT");
    /** The channels: the API, and the console. */
    String API = "api";
    String CONSOLE = "console";

    /** An action of {@code actor} in {@code role}, answered with {@code status}, on {@code channel} (api, console). */
    void action(String actor, String role, String action, int status, String channel);
}
