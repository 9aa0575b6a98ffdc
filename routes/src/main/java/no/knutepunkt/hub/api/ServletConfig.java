package no.knutepunkt.hub.api;

import jakarta.servlet.Filter;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import no.knutepunkt.hub.messaging.intake.IntakeProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Camel's REST DSL runs on camel-servlet ({@link ApiServlet}), mounted at {@code /api/*}. */
@Configuration(proxyBeanMethods = false)
public class ServletConfig {
    public static final String SERVLET_NAME = "CamelServlet";

    @Bean
    ServletRegistrationBean<ApiServlet> camelServlet(IntakeProperties intake) {
        ServletRegistrationBean<ApiServlet> registration = new ServletRegistrationBean<>(new ApiServlet(), "/api/*");
        registration.setName(SERVLET_NAME);
        registration.setLoadOnStartup(1);
        // the container's own hard limit for the secretariat's uploads (parsed by the container); message intake
        // streams its body itself (MultipartStream) and is not parsed by the container
        long hardLimit = uploadLimit(intake);
        registration.setMultipartConfig(new MultipartConfigElement("", hardLimit, hardLimit, 256 * 1024));
        return registration;
    }

    /**
     * Every request's body is checked by its Content-Type and Content-Length before anything reads it, and capped
     * while it is read ({@link RequestBodies}); first of all filters, so that strangers are refused in the same way.
     */
    @Bean
    FilterRegistrationBean<RequestBodies> requestBodies(IntakeProperties intake, BodyLimitProperties limits,
                                                        ApiJson json) {
        RequestBodies filter = new RequestBodies(intake.maxBodyBytes(), uploadLimit(intake), (int) limits.maxJsonBytes().toBytes(),
                limits.maxFormBytes().toBytes(), json);
        FilterRegistrationBean<RequestBodies> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/*");
        registration.setName("requestBodies");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * The container's hard limit for an upload of the secretariat (API or console): twice the largest document, so
     * that a document over {@code knutepunkt.intake.max-document-bytes} but under this is refused with its size.
     */
    public static long uploadLimit(IntakeProperties intake) {
        return 2 * intake.maxDocumentBytes().toBytes() + intake.maxMetadataBytes().toBytes();
    }

    /**
     * camel-servlet reads the request body before a route runs, which leaves nothing for the
     * container's multipart parser. This filter (after authentication, so strangers cost no
     * parsing) has the container parse the parts of a multipart request first; they stay cached
     * on the request for the intake route. A parse failure is kept too, and reported by intake.
     */
    @Bean
    FilterRegistrationBean<Filter> multipartFirst() {
        Filter filter = (request, response, chain) -> {
            if (request instanceof HttpServletRequest http && "POST".equals(http.getMethod())
                    && http.getContentType() != null
                    && http.getContentType().toLowerCase().startsWith("multipart/form-data")) {
                try {
                    http.getParts();
                } catch (ServletException | IllegalStateException | java.io.IOException kept) {
                    // the container remembers it and throws it again when intake asks for the parts
                }
            }
            chain.doFilter(request, response);
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/api/v1/distributions", "/api/v1/agreements",
                "/api/v1/agreements/*", "/api/v1/projects/*");
        registration.setName("multipartFirst");
        return registration;
    }
}
