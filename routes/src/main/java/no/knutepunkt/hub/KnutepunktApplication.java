package no.knutepunkt.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Knutepunkt: the cooperation's integration hub. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KnutepunktApplication {
    public static void main(String[] args) {
        SpringApplication.run(KnutepunktApplication.class, args);
    }
}
