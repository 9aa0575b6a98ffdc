package no.knutepunkt.hub.messaging.amqp;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Member systems' AMQP 1.0 subscription on the embedded broker ({@code knutepunkt.amqp.*}). An external broker opens
 * its own AMQP acceptor (config/artemis).
 *
 * @param port where the embedded broker accepts AMQP 1.0 connections; unset: no AMQP acceptor (HTTP only)
 * @param host the interface it listens on
 */
@ConfigurationProperties("knutepunkt.amqp")
public record AmqpProperties(Integer port, @DefaultValue("0.0.0.0") String host) {

    /** Whether the embedded broker opens an AMQP acceptor. */
    public boolean enabled() {
        return port != null;
    }
}
