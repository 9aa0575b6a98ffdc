package no.knutepunkt.platform.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void readsObjectsArraysAndScalars() {
        Object value = Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\": {}, \"c\": []} ");
        assertThat(value).isEqualTo(Map.of(
                "a", Arrays.asList(new BigDecimal("1"), new BigDecimal("-2.5e3"), true, false, null),
                "b", Map.of(), "c", List.of()));
    }

    @Test
    void readsEscapes() {
        assertThat(Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e6\\u00F8\u00e5\""))
                .isEqualTo("\"\\/\b\f\n\r\tæøå");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "\"abc", "tru", "01", "1.", "{} {}",
            "{\"a\":1,\"a\":2}", "\"\\x\"", "\"\\u12\"", "[\"a\nb\"]", "{a:1}"})
    void refusesWhatIsNotJson(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("JSON line ");
    }

    @Test
    void refusesDeepNesting() {
        assertThatThrownBy(() -> Json.parse("[".repeat(1000) + "]".repeat(1000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested too deeply");
    }
}
