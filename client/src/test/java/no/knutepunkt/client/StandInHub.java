package no.knutepunkt.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/** A stand-in for the hub's REST API on a free local port: canned answers, and every request it got. */
final class StandInHub implements AutoCloseable {
    /** A request as the stand-in received it. */
    record Request(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        /** The parts of a multipart/form-data request by name. */
        Map<String, Part> parts() {
            String boundary = header("Content-Type").replaceFirst(".*boundary=", "");
            String text = new String(body, StandardCharsets.ISO_8859_1);
            Map<String, Part> parts = new LinkedHashMap<>();
            for (String part : text.split("\r?\n?--" + Pattern.quote(boundary))) {
                int headersEnd = part.indexOf("\r\n\r\n");
                if (headersEnd < 0) {
                    continue;
                }
                String partHeaders = part.substring(0, headersEnd).strip();
                String name = partHeaders.replaceFirst("(?s).*; name=\"([^\"]+)\".*", "$1");
                parts.put(name, new Part(partHeaders,
                        part.substring(headersEnd + 4).getBytes(StandardCharsets.ISO_8859_1)));
            }
            return parts;
        }
    }

    /** A part of a multipart body: its headers as they came, and its content. */
    record Part(String headers, byte[] content) {
    }

    /** A canned answer. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        static Answer json(int status, String json) {
            String type = status / 100 == 2 ? "application/json" : "application/problem+json";
            return new Answer(status, Map.of("Content-Type", type), json.getBytes(StandardCharsets.UTF_8));
        }

        /** A refusal as the hub words it: type urn:knutepunkt:problem:SLUG, title, status, detail. */
        static Answer problem(int status, String slug, String title, String detail) {
            return json(status, "{\"type\":\"urn:knutepunkt:problem:" + slug + "\",\"title\":\"" + title
                    + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
        }

        /** The hub's 403 for credentials whose role may not use {@code path}. */
        static Answer forbidden(String path) {
            return json(403, "{\"type\":\"urn:knutepunkt:problem:forbidden\",\"title\":\"Not allowed for this role\","
                    + "\"status\":403,\"detail\":\"the credentials are valid, but their role may not use " + path
                    + "\",\"instance\":\"" + path + "\"}");
        }

        /** An answer without body (204). */
        static Answer noContent() {
            return new Answer(204, Map.of(), new byte[0]);
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    StandInHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The URL to give the client. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Answers {@code method path} with {@code answer} from now on; given more, with each in turn and the last one
     * from then on (a distribution that is not done twice, then done).
     */
    StandInHub answer(String method, String path, Answer answer, Answer... then) {
        Deque<Answer> inTurn = new ArrayDeque<>();
        inTurn.add(answer);
        inTurn.addAll(List.of(then));
        answers.put(method + " " + path, inTurn);
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(method, path, Map.copyOf(exchange.getRequestHeaders()),
                    exchange.getRequestBody().readAllBytes()));
            Answer answer = next(answers.get(method + " " + path));
            if (answer == null) {
                answer = Answer.json(404, "{\"type\":\"urn:knutepunkt:problem:not-found\",\"title\":\"Not Found\","
                        + "\"status\":404,\"detail\":\"nothing at " + path + "\"}");
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            exchange.getResponseBody().write(answer.body());
        }
    }

    private static Answer next(Deque<Answer> inTurn) {
        if (inTurn == null) {
            return null;
        }
        synchronized (inTurn) {
            return inTurn.size() > 1 ? inTurn.poll() : inTurn.peek();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
