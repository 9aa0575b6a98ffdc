package no.knutepunkt.hub.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.component.servlet.CamelHttpTransportServlet;
import org.apache.camel.http.common.HttpConsumer;
import org.apache.camel.http.common.ServletResolveConsumerStrategy;

/**
 * camel-servlet, which answers a known path with a method it has no route for with a bare 405: this one first
 * names the methods it has routes for in an {@code Allow} header (RFC 9110 requires it). The 404 and 405 go on
 * to the error page, which answers them as problems ({@link ProblemErrorController}).
 */
public class ApiServlet extends CamelHttpTransportServlet {
    @Override
    protected void doService(HttpServletRequest request, HttpServletResponse response) throws Exception {
        ServletResolveConsumerStrategy strategy = getServletResolveConsumerStrategy();
        Map<String, HttpConsumer> consumers = getConsumers();
        if (strategy.resolve(request, consumers) == null) {
            String allowed = METHODS.stream().filter(m -> strategy.isHttpMethodAllowed(request, m, consumers))
                    .collect(Collectors.joining(", "));
            if (!allowed.isEmpty()) {
                response.setHeader("Allow", allowed);
            }
        }
        super.doService(request, response);
    }
}
