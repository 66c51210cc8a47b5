package dev.tramontane.engine.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tool calls are read from Mistral-style JSON, with text around it tolerated and non-calls left as text. */
class ToolCallParserTest {

    @Test
    void readsAListOfCallsWithObjectArgumentsAndKeepsGivenIds() {
        List<ParsedToolCall> calls = ToolCallParser.parse("""
                [{"name": "get_weather", "arguments": {"city": "Lyon", "days": 2}, "id": "abc123XYZ"},
                 {"name": "current_datetime", "arguments": {}}]""");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0)).isEqualTo(new ParsedToolCall("abc123XYZ", "get_weather", "{\"city\":\"Lyon\",\"days\":2}"));
        assertThat(calls.get(1).name()).isEqualTo("current_datetime");
        assertThat(calls.get(1).argumentsJson()).isEqualTo("{}");
        assertThat(calls.get(1).id()).matches("[A-Za-z0-9]{9}");
    }

    @Test
    void toleratesTextAroundTheCallAndArgumentsGivenAsAJsonString() {
        List<ParsedToolCall> calls = ToolCallParser.parse(
                "Sure, let me check. {\"name\": \"calculator\", \"arguments\": \"{\\\"expression\\\": \\\"2+2\\\"}\"} Done.");
        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("calculator");
            assertThat(c.argumentsJson()).isEqualTo("{\"expression\": \"2+2\"}");
        });
    }

    @Test
    void textThatIsNotACallGivesNoCalls() {
        assertThat(ToolCallParser.parse("The answer is [1, 2, 3] and {\"a\": 1}.")).isEmpty();
        assertThat(ToolCallParser.parse("[{\"name\": \"broken\", \"arguments\": {")).isEmpty();
        assertThat(ToolCallParser.parse("[{\"name\": \"ok\", \"arguments\": {}}, {\"nom\": \"x\"}]")).as("one bad item spoils the list").isEmpty();
        assertThat(ToolCallParser.parse("Bonjour !")).isEmpty();
    }

    @Test
    void onlyTextThatStartsLikeJsonMayBecomeACall() {
        assertThat(ToolCallParser.mayStartCall("  [")).isTrue();
        assertThat(ToolCallParser.mayStartCall(" ")).isTrue();
        assertThat(ToolCallParser.mayStartCall("{\"na")).isTrue();
        assertThat(ToolCallParser.mayStartCall("Hello")).isFalse();
    }
}
