package no.knutepunkt.connectors;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * How every HTTP connector tells a failure that may pass (timeouts, refused connections, I/O
 * errors, 5xx, 408, 429: {@link DeliveryException#temporary}) from one that will not (other
 * non-2xx answers: {@link DeliveryException#permanent}).
 */
public final class HttpCalls {
    private HttpCalls() {
    }

    /**
     * Sends a request and returns the body of a 2xx answer.
     *
     * @param what    how the request is named in failure messages (e.g. "POST https://...")
     * @param timeout the request's timeout, for the message when it runs out
     */
    public static String send(HttpClient http, HttpRequest request, String what, Duration timeout)
            throws DeliveryException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw DeliveryException.temporary("no answer to " + what + " within " + timeout,
                    "no answer from the recipient's system within " + timeout, e);
        } catch (ConnectException e) {
            throw DeliveryException.temporary("cannot connect for " + what + ": " + e.getMessage(),
                    "the recipient's system could not be reached", e);
        } catch (IOException e) {
            throw DeliveryException.temporary("I/O error on " + what + ": " + e.getMessage(),
                    "the connection to the recipient's system failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.temporary("interrupted during " + what, "the hub was interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        String detail = what + " answered " + status + abbreviate(response.body());
        String statusClass = "HTTP " + (status / 100) + "xx";
        if (status >= 500 || status == 408 || status == 429) {
            throw DeliveryException.temporary(detail, "the recipient's system answered " + statusClass, null);
        }
        throw DeliveryException.permanent(detail, "the recipient's system refused it (" + statusClass + ")");
    }

    /** ": " and the body on one line, cut at 300 characters; empty for an empty body. */
    public static String abbreviate(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return ": " + (oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine);
    }

    /** Strips one trailing slash, so that a path can be appended. */
    public static String base(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
