package no.knutepunkt.hub.startup;

import java.nio.file.Path;
import no.knutepunkt.hub.config.HubProperties;
import no.knutepunkt.hub.config.IdentityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Once the hub is ready (routes started): one line saying where it serves and where its credentials are. */
@Component
public class ReadyAnnouncement implements ApplicationListener<ApplicationReadyEvent> {
    private static final Logger log = LoggerFactory.getLogger(ReadyAnnouncement.class);
    private final IdentityProperties identities;
    private final Path dataDir;

    public ReadyAnnouncement(IdentityProperties identities, HubProperties hub) {
        this.identities = identities;
        this.dataDir = hub.dataDir();
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Environment environment = event.getApplicationContext().getEnvironment();
        String host = environment.getProperty("server.address", "localhost");
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        log.info("Knutepunkt is serving http://{}:{}/ ({})", host, port, credentials());
    }

    private String credentials() {
        Path dir = identities.dirIn(dataDir).normalize();
        if (!identities.generateDemo()) {
            return "identities and credentials from " + dir;
        }
        return "demo credentials in " + dir + ": operator.properties, secretariat.properties,"
                + " members/<orgnr>/credentials.properties";
    }
}
