package no.knutepunkt.hub.messaging.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void idsAreVersion7AndSortByTimeAsText() {
        UUID id = UUID.fromString(TimeOrderedIds.next());
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        String earlier = TimeOrderedIds.next();
        Instant later = Instant.now().plusMillis(2);
        assertThat(earlier).isLessThan(TimeOrderedIds.bound(later));
    }

    @Test
    void theBoundOfAMillisecondSortsBelowEveryIdOfItAndAboveEveryIdOfTheOnesBefore() {
        for (int i = 0; i < 1000; i++) {
            String id = TimeOrderedIds.next();
            long millis = UUID.fromString(id).getMostSignificantBits() >>> 16;
            assertThat(TimeOrderedIds.bound(Instant.ofEpochMilli(millis))).isLessThanOrEqualTo(id);
            assertThat(TimeOrderedIds.bound(Instant.ofEpochMilli(millis + 1))).isGreaterThan(id);
        }
    }
}
