package no.knutepunkt.hub.secretariat.distribution;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import no.knutepunkt.platform.message.Status;

/**
 * How far a distribution has come: its recipients counted by their message's status ({@code PENDING} while the
 * message is not made yet), and how many have been reached — delivered, placed in their inbox, or ended otherwise
 * (failed, expired, cancelled) — so that nothing more is to be done for them by the hub.
 *
 * @param recipients every recipient
 * @param made       recipients whose message is made
 * @param inInbox    recipients whose message waits in their inbox
 * @param done       recipients the hub is finished with
 * @param counts     recipients by status
 */
public record Progress(int recipients, int made, int inInbox, int done, Map<String, Integer> counts) {
    public static final String PENDING = "PENDING";

    public static Progress of(List<DistributionStore.Recipient> recipients) {
        Map<String, Integer> counts = new TreeMap<>();
        int made = 0;
        int inInbox = 0;
        int done = 0;
        for (DistributionStore.Recipient r : recipients) {
            counts.merge(r.status().orElse(PENDING), 1, Integer::sum);
            if (r.meldingId().isPresent()) {
                made++;
            }
            boolean ended = r.status().map(s -> Status.valueOf(s).isFinal()).orElse(false);
            if (r.inInbox() && !ended) {
                inInbox++;
            }
            if (ended || r.inInbox()) {
                done++;
            }
        }
        return new Progress(recipients.size(), made, inInbox, done, counts);
    }

    /** The share of recipients the hub is finished with, 0 to 100 (100 for a distribution without recipients). */
    public int percent() {
        return recipients == 0 ? 100 : (int) Math.floor(100.0 * done / recipients);
    }

    /** How many have this status. */
    public int count(String status) {
        return counts.getOrDefault(status, 0);
    }
}
