package no.knutepunkt.hub.audit;

import java.time.Instant;
import no.knutepunkt.hub.security.ActionLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Records what the staff do. Only the staff roles are audited (a member system's sends are the message path's own
 * record); a failure to write the trail is logged, and does not undo or fail the action it describes.
 */
@Service
public class Audit implements ActionLog {
    private static final Logger log = LoggerFactory.getLogger(Audit.class);
    private final AuditStore store;

    public Audit(AuditStore store) {
        this.store = store;
    }

    /** An action of {@code actor} in {@code role}, answered with {@code status}. */
    @Override
    public void action(String actor, String role, String action, int status, String channel) {
        record(actor, role, action, status < 400 ? "done" : status < 500 ? "refused" : "failed", status, channel);
    }

    /** A console sign-in that was refused: the username as typed. */
    public void refusedSignIn(String username, String why, int status) {
        record(username == null || username.isBlank() ? "(none)" : username, "-", "sign in (" + why + ")",
                "refused", status, CONSOLE);
    }

    void record(String actor, String role, String action, String outcome, int status, String channel) {
        try {
            store.record(Instant.now(), actor, role, action, outcome, status, channel);
        } catch (RuntimeException e) {
            log.error("Could not write the audit trail ({} {} {} {}): {}", actor, action, outcome, status,
                    e.toString());
        }
    }
}
