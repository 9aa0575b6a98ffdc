package no.knutepunkt.hub.console;

import jakarta.servlet.MultipartConfigElement;
import no.knutepunkt.hub.api.ServletConfig;
import no.knutepunkt.hub.messaging.intake.IntakeProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The console's uploads (a distribution's document) are parsed by the container for Spring MVC, with the same
 * hard limit as the API's secretariat uploads: twice the largest document accepted, so that a document over
 * {@code knutepunkt.intake.max-document-bytes} but under this is refused by the page with its size, not by the
 * container.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleUploads {

    @Bean
    MultipartConfigElement multipartConfigElement(IntakeProperties intake) {
        long hardLimit = ServletConfig.uploadLimit(intake);
        return new MultipartConfigElement("", hardLimit, hardLimit, 256 * 1024);
    }
}
