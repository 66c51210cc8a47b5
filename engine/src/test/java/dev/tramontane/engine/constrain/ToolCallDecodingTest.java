package dev.tramontane.engine.constrain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.tokenizer.Tokenizer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tool calls are decoded under {@code anyOf} of one {@code {"name": const, "arguments": schema}}
 * per tool: whatever the model does, the call names a real tool and carries that tool's arguments.
 */
class ToolCallDecodingTest {

    private static final Map<String, String> TOOLS = new LinkedHashMap<>();

    static {
        TOOLS.put("get_weather", "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"minLength\":1},"
                + "\"unit\":{\"enum\":[\"celsius\",\"fahrenheit\"]}},\"required\":[\"city\",\"unit\"],\"additionalProperties\":false}");
        TOOLS.put("get_time", "{\"type\":\"object\",\"properties\":{\"zone\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"zone\"],\"additionalProperties\":false}");
        TOOLS.put("search_documents", "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"},\"top_k\":{\"type\":\"integer\"},"
                + "\"languages\":{\"type\":\"array\",\"items\":{\"enum\":[\"en\",\"fr\",\"de\",\"es\",\"it\"]},\"maxItems\":5}},"
                + "\"required\":[\"query\"],\"additionalProperties\":false}");
        TOOLS.put("calculator", "{\"type\":\"object\",\"properties\":{\"expression\":{\"type\":\"string\"}},\"required\":[\"expression\"],\"additionalProperties\":false}");
    }

    static String toolCallSchema() {
        StringBuilder any = new StringBuilder("{\"anyOf\":[");
        String sep = "";
        for (Map.Entry<String, String> tool : TOOLS.entrySet()) {
            any.append(sep).append("{\"type\":\"object\",\"properties\":{\"name\":{\"const\":\"").append(tool.getKey())
                    .append("\"},\"arguments\":").append(tool.getValue())
                    .append("},\"required\":[\"name\",\"arguments\"],\"additionalProperties\":false}");
            sep = ",";
        }
        return any.append("]}").toString();
    }

    @Test
    void everyToolCallFromARandomModelNamesARealToolWithThatToolsArgumentsOnTheSyntheticVocabulary() {
        checkCalls(TestTokenizers.synthetic(), 200);
    }

    @Test
    void everyToolCallFromARandomModelNamesARealToolWithThatToolsArgumentsOnTheMistralVocabulary() {
        checkCalls(TestTokenizers.mistral(), 16);
    }

    private static void checkCalls(Tokenizer tokenizer, int calls) {
        String schema = toolCallSchema();
        JsonSchemaConstraint compiled = JsonSchemaConstraint.compile(schema, tokenizer, JsonLimits.defaults().withMaxStringChars(40));
        JsonMapper mapper = JsonMapper.builder().build();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int seed = 0; seed < calls; seed++) {
            ConstrainedDecoding.Output out = ConstrainedDecoding.generate(compiled, compiled.minTokens() + 10 + seed % 40, seed);
            ConstrainedDecoding.assertValid(schema, out.text(), "tool call, seed " + seed);
            JsonNode call = mapper.readTree(out.text());
            String name = call.get("name").asString();
            assertThat(TOOLS).containsKey(name);
            ConstrainedDecoding.assertValid(TOOLS.get(name), call.get("arguments").toString(), "arguments of " + name + ", seed " + seed);
            seen.merge(name, 1, Integer::sum);
        }
        assertThat(seen.size()).as("tools chosen: %s", seen).isGreaterThan(1);
    }
}
