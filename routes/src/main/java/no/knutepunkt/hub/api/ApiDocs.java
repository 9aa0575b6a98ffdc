package no.knutepunkt.hub.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The Swagger UI at {@code /docs/}, served by Spring MVC outside the Camel servlet's {@code /api/*}: the hub's own
 * page and initializer ({@code classpath:/docs/}, loading {@code /api/v1/openapi.yaml}) over the files of the
 * swagger-ui webjar, so nothing comes from a CDN.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocs implements WebMvcConfigurer {
    public static final String PATH = "/docs/";
    private static final String WEBJAR = "swagger-ui";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(PATH + "**").addResourceLocations("classpath:/docs/",
                "classpath:/META-INF/resources/webjars/" + WEBJAR + "/" + webjarVersion() + "/");
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/docs", PATH);
        registry.addViewController(PATH).setViewName("forward:" + PATH + "index.html");
    }

    /** The webjar's version, from the Maven metadata it carries (so that only the pom names it). */
    private static String webjarVersion() {
        String metadata = "META-INF/maven/org.webjars/" + WEBJAR + "/pom.properties";
        Properties properties = new Properties();
        try (InputStream in = new ClassPathResource(metadata).getInputStream()) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the " + WEBJAR + " webjar is missing from the classpath (" + metadata + ")",
                    e);
        }
        return properties.getProperty("version", "").strip();
    }
}
