package no.knutepunkt.hub.messaging;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Puts a message's {@code meldingId} and {@code klientKorrelasjonsId} (carried as headers on the
 * broker) into the logging MDC for the whole time an exchange about it is routed, so that every
 * log line on a message's path carries them — Camel's own (error handler, redelivery) included.
 */
@Component
public class MessageMdc extends EventNotifierSupport {
    public static final String MELDING_ID = "meldingId";
    public static final String KORRELASJON = "klientKorrelasjonsId";

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCreatedEvent || event instanceof CamelEvent.ExchangeCompletedEvent
                || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof CamelEvent.ExchangeEvent exchangeEvent)) {
            return;
        }
        Exchange exchange = exchangeEvent.getExchange();
        if (event instanceof CamelEvent.ExchangeCreatedEvent) {
            if (exchange.getFromEndpoint() == null || !exchange.getFromEndpoint().getEndpointUri().startsWith("jms:")) {
                return;
            }
            String meldingId = exchange.getIn().getHeader(MELDING_ID, String.class);
            if (meldingId != null) {
                MDC.put(MELDING_ID, meldingId);
                String korrelasjon = exchange.getIn().getHeader(KORRELASJON, String.class);
                if (korrelasjon != null) {
                    MDC.put(KORRELASJON, korrelasjon);
                }
            }
        } else if (exchange.getFromEndpoint() != null
                && exchange.getFromEndpoint().getEndpointUri().startsWith("jms:")) {
            MDC.remove(MELDING_ID);
            MDC.remove(KORRELASJON);
        }
    }
}
