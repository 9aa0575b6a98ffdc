package no.knutepunkt.hub.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.knutepunkt.connectors.Connector;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operations feature's objects that are not components. */
@Configuration(proxyBeanMethods = false)
public class OperationsConfig {

    /**
     * The health contributor {@code connector}: one indicator per connector of the hub (inbox, fiksio, noark5,
     * svarut, peppol), each as {@link ConnectorHealth} tells. The health group {@code connectors} shows it
     * ({@code /actuator/health/connectors}, see application.yml; a contributor may not have a group's name).
     */
    @Bean("connector")
    CompositeHealthContributor connectorHealthContributor(List<Connector> connectors, ConnectorHealth health) {
        Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
        connectors.stream().map(Connector::name).sorted()
                .forEach(name -> indicators.put(name, () -> health.health(name)));
        return CompositeHealthContributor.fromMap(indicators);
    }
}
