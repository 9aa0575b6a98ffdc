package no.knutepunkt.hub.flow;

import java.util.List;
import no.knutepunkt.connectors.Connector;
import no.knutepunkt.connectors.DeliveryException;
import no.knutepunkt.hub.config.Queues;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Delivery: one route per connector ({@code deliver-inbox}, {@code deliver-fiksio}, ...), each
 * consuming its own queue in a broker transaction that commits only after the database has
 * recorded the outcome.
 */
@Component
public class DeliveryRoutes extends RouteBuilder {
    private final List<Connector> connectors;
    private final DeliverProcessor processor;

    public DeliveryRoutes(List<Connector> connectors, DeliverProcessor processor) {
        this.connectors = connectors;
        this.processor = processor;
    }

    @Override
    public void configure() {
        // a transient failure rolls the broker transaction back; the broker redelivers with backoff
        onException(DeliveryException.class)
                .handled(false)
                .logStackTrace(false)
                .logExhausted(false)
                .log(LoggingLevel.DEBUG, "Rolling back for redelivery: ${exception.message}");
        for (Connector connector : connectors) {
            from(Queues.consume(Queues.DELIVER_PREFIX + connector.name()))
                    .routeId("deliver-" + connector.name())
                    .process(exchange -> processor.deliver(connector, exchange));
        }
    }
}
