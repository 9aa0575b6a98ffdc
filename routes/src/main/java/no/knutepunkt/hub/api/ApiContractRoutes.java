package no.knutepunkt.hub.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The API's contract, an OpenAPI 3.1 document ({@value #DOCUMENT}), at {@code GET /api/v1/openapi.yaml}: readable
 * without login (see SecurityConfig), the API it describes stays protected. The Swagger UI at {@code /docs/}
 * ({@link ApiDocs}) loads it.
 */
@Component
public class ApiContractRoutes extends RouteBuilder {
    public static final String DOCUMENT = "openapi/knutepunkt-api.yaml";
    public static final String MEDIA_TYPE = "application/yaml";

    @Override
    public void configure() {
        byte[] document = read();
        rest("/v1/openapi.yaml")
                .get().routeId("rest-openapi").produces(MEDIA_TYPE).to("direct:openapi");

        from("direct:openapi").routeId("openapi").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> Http.content(exchange, document, MEDIA_TYPE));
    }

    private static byte[] read() {
        try (InputStream in = new ClassPathResource(DOCUMENT).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the API document " + DOCUMENT + " is missing from the classpath", e);
        }
    }
}
