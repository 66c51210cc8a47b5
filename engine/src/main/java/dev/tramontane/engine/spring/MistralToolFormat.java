package dev.tramontane.engine.spring;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How Mistral models are told about tools and how they answer with calls.
 *
 * <ul>
 * <li><b>v3</b> vocabularies: the definitions go between {@code [AVAILABLE_TOOLS]} and
 *     {@code [/AVAILABLE_TOOLS]} as mistral-common writes them,
 *     {@code [{"type": "function", "function": {"name": …, "description": …, "parameters": {…}}}]};
 *     the model answers {@code [TOOL_CALLS]} followed by a JSON list of {@code {"name", "arguments"}}.</li>
 * <li><b>v1</b> (Mixtral 8x7B Instruct, no tool tokens): the same definitions are written into the
 *     system text with an instruction to answer with only that JSON list; results come back as a
 *     user turn.</li>
 * </ul>
 * Parsing the answer is {@link ToolCallParser}'s job.
 */
public final class MistralToolFormat {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private MistralToolFormat() {}

    /** The definitions as Mistral's JSON list. A parameters text that is not JSON is refused with the tool's name. */
    public static String definitionsJson(List<ToolSpec> tools) {
        ArrayNode list = JSON.createArrayNode();
        for (ToolSpec tool : tools) {
            JsonNode parameters;
            try {
                parameters = JSON.readTree(tool.parametersJson());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("tool " + tool.name() + " has an input schema that is not JSON: "
                        + e.getMessage(), e);
            }
            ObjectNode function = JSON.createObjectNode();
            function.put("name", tool.name());
            function.put("description", tool.description());
            function.set("parameters", parameters);
            ObjectNode entry = list.addObject();
            entry.put("type", "function");
            entry.set("function", function);
        }
        return JSON.writeValueAsString(list);
    }

    /** The v1 system-text block: the definitions and how to call them. */
    public static String v1Instructions(List<ToolSpec> tools) {
        return "You can call these functions:\n" + definitionsJson(tools) + "\n"
                + "To call one or more of them, answer with only a JSON list and nothing else, for example "
                + "[{\"name\": \"function_name\", \"arguments\": {\"parameter\": \"value\"}}]. "
                + "Otherwise answer normally.";
    }

    /** The v1 user turn that returns tool results: one JSON object per result, with its call id. */
    public static String v1Results(List<ToolResult> results) {
        ArrayNode list = JSON.createArrayNode();
        for (ToolResult r : results) {
            ObjectNode o = list.addObject();
            o.put("call_id", r.callId());
            o.put("name", r.name());
            o.put("content", r.content());
        }
        return "Function results:\n" + JSON.writeValueAsString(list);
    }

    /** The v3 / v1 JSON list of calls, as the model would have written them (for the conversation history). */
    public static String callsJson(List<ParsedToolCall> calls) {
        ArrayNode list = JSON.createArrayNode();
        for (ParsedToolCall c : calls) {
            ObjectNode o = list.addObject();
            o.put("name", c.name());
            JsonNode arguments;
            try {
                arguments = JSON.readTree(c.argumentsJson() == null || c.argumentsJson().isBlank() ? "{}" : c.argumentsJson());
            } catch (RuntimeException notJson) {
                arguments = JsonNodeFactory.instance.stringNode(c.argumentsJson());
            }
            o.set("arguments", arguments);
            if (c.id() != null) {
                o.put("id", c.id());
            }
        }
        return JSON.writeValueAsString(list);
    }

    /** A tool's answer to one call. */
    public record ToolResult(String callId, String name, String content) {}
}
