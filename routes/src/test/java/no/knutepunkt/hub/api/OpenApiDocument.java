package no.knutepunkt.hub.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/** The hub's OpenAPI document as the tests read it: its operations, their roles and their problem types. */
final class OpenApiDocument {
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options",
            "trace");
    private final Map<String, Object> root;

    /** One operation: its method, its full path (the server's URL and the path), and its definition. */
    record Operation(String method, String path, Map<String, Object> definition) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** A problem type an operation can answer, under the status it is listed with. */
    record ProblemAnswer(Operation operation, int status, String type, Object exampleStatus) {
    }

    OpenApiDocument(String yaml) {
        this.root = new Yaml().load(yaml);
    }

    String version() {
        return String.valueOf(root.get("openapi"));
    }

    List<Operation> operations() {
        String server = String.valueOf(map(list(root.get("servers")).get(0)).get("url"));
        List<Operation> operations = new ArrayList<>();
        map(root.get("paths")).forEach((path, item) -> map(item).forEach((method, definition) -> {
            if (METHODS.contains(method)) {
                operations.add(new Operation(method.toUpperCase(), server + path, map(definition)));
            }
        }));
        return operations;
    }

    /** Whether the operation needs credentials at all (an empty {@code security} opens it to anyone). */
    boolean secured(Operation operation) {
        Object security = operation.definition().getOrDefault("security", root.get("security"));
        return !list(security).isEmpty();
    }

    /** The roles the operation's security alternatives name. */
    Set<String> roles(Operation operation) {
        Set<String> roles = new LinkedHashSet<>();
        for (Object alternative : list(operation.definition().getOrDefault("security", root.get("security")))) {
            map(alternative).values().forEach(r -> list(r).forEach(role -> roles.add(String.valueOf(role))));
        }
        return roles;
    }

    /** The values of the ProblemType schema's enum. */
    Set<String> problemTypes() {
        Map<String, Object> schema = map(resolve("#/components/schemas/ProblemType"));
        Set<String> types = new LinkedHashSet<>();
        list(schema.get("enum")).forEach(t -> types.add(String.valueOf(t)));
        return types;
    }

    /** Every problem type each operation lists, by the status it lists it under. */
    List<ProblemAnswer> problemAnswers() {
        List<ProblemAnswer> answers = new ArrayList<>();
        List<Operation> operations = new ArrayList<>(operations());
        // what the hub answers on any path (the error page): the document's x-every-path responses
        Object everyPath = root.get("x-every-path");
        if (everyPath != null) {
            operations.add(new Operation("*", "any path", map(everyPath)));
        }
        for (Operation operation : operations) {
            map(operation.definition().get("responses")).forEach((status, response) -> {
                Object content = map(resolve(response)).get("content");
                if (content == null || !map(content).containsKey(Problem.MEDIA_TYPE)) {
                    return;
                }
                Object examples = map(map(content).get(Problem.MEDIA_TYPE)).get("examples");
                if (examples == null) {
                    return;
                }
                map(examples).values().forEach(example -> {
                    Map<String, Object> value = map(map(resolve(example)).get("value"));
                    answers.add(new ProblemAnswer(operation, Integer.parseInt(String.valueOf(status)),
                            String.valueOf(value.get("type")), value.get("status")));
                });
            });
        }
        return answers;
    }

    /** Every local {@code $ref} that points at nothing. */
    List<String> danglingReferences() {
        List<String> dangling = new ArrayList<>();
        collectReferences(root, dangling);
        return dangling;
    }

    private void collectReferences(Object node, List<String> dangling) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((key, value) -> {
                if ("$ref".equals(key)) {
                    if (lookup(String.valueOf(value)) == null) {
                        dangling.add(String.valueOf(value));
                    }
                } else {
                    collectReferences(value, dangling);
                }
            });
        } else if (node instanceof List<?> l) {
            l.forEach(item -> collectReferences(item, dangling));
        }
    }

    /** The node itself, or what its {@code $ref} points at. */
    private Object resolve(Object node) {
        if (node instanceof Map<?, ?> m && m.get("$ref") instanceof String ref) {
            return resolve(lookup(ref));
        }
        if (node instanceof String ref) {
            return resolve(lookup(ref));
        }
        return node;
    }

    private Object lookup(String ref) {
        if (!ref.startsWith("#/")) {
            return null;
        }
        Object node = root;
        for (String name : ref.substring(2).split("/")) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(name.replace("~1", "/").replace("~0", "~"));
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<Object> list(Object node) {
        return node instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }
}
