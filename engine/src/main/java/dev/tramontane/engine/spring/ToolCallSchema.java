package dev.tramontane.engine.spring;

import java.util.List;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON Schema of a Mistral tool-call list over some tools:
 * {@code [{"name": <one of the tools>, "arguments": <that tool's argument schema>}, …]}, one
 * {@code anyOf} branch per tool. Decoding under it (constrained decoding) makes every call
 * well-formed: a real tool name with arguments that match that tool's schema — even from a model
 * that knows nothing about tools.
 */
public final class ToolCallSchema {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ToolCallSchema() {}

    /** A list of at least one call to any of {@code tools}. */
    public static String forTools(List<ToolSpec> tools) {
        if (tools.isEmpty()) {
            throw new IllegalArgumentException("a tool call was required but no tools were given");
        }
        ArrayNode branches = JSON.createArrayNode();
        for (ToolSpec tool : tools) {
            ObjectNode properties = JSON.createObjectNode();
            properties.set("name", JSON.createObjectNode().put("const", tool.name()));
            try {
                properties.set("arguments", JSON.readTree(tool.parametersJson()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("tool " + tool.name() + " has an input schema that is not JSON: " + e.getMessage(), e);
            }
            ObjectNode call = branches.addObject();
            call.put("type", "object");
            call.set("properties", properties);
            call.set("required", JSON.createArrayNode().add("name").add("arguments"));
            call.put("additionalProperties", false);
        }
        ObjectNode list = JSON.createObjectNode();
        list.put("type", "array");
        list.put("minItems", 1);
        list.set("items", JSON.createObjectNode().set("anyOf", branches));
        return JSON.writeValueAsString(list);
    }
}
