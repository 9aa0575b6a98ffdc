package no.knutepunkt.client;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The client's one JSON mapper (Jackson 3), built once. */
final class ClientJson {
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ClientJson() {
    }

    /** The node as indented JSON, for people to read. */
    static String pretty(JsonNode node) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }
}
