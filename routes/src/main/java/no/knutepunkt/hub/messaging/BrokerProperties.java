package no.knutepunkt.hub.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The broker's tuning ({@code knutepunkt.broker.*}): the journal and duplicate-id cache of the embedded broker (an
 * external broker has its own broker.xml), and the client side of either.
 *
 * @param journalBufferTimeout how long the journal gathers writes before one sync; empty: measured on the
 *                             journal's disk at start, as {@code artemis create} does for a standalone broker
 * @param idCacheSize          how many duplicate ids the broker remembers per address: more than the hub accepts
 *                             while a delivery may wait for the outbox sweep, plus the largest backlog
 * @param sessionCacheSize     JMS sessions kept open for the hub's producers: as many as the web server has request
 *                             threads (Tomcat's 200), since each intake sends from its own thread; a send beyond
 *                             the cache opens and closes a session, both under the connection's lock, which at
 *                             saturation held intake threads up for up to a second (JFR, with 32)
 * @param consumerWindowSize   bytes of messages the broker sends a consumer ahead of its asking: 0, so that a
 *                             consumer busy with a slow push holds no other messages back
 */
@ConfigurationProperties("knutepunkt.broker")
public record BrokerProperties(Duration journalBufferTimeout, @DefaultValue("200000") int idCacheSize,
                               @DefaultValue("200") int sessionCacheSize, @DefaultValue("0") int consumerWindowSize) {
}
