package dev.tramontane.tools.registry;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The result a model reads when a call failed: {@code {"error": "…"}}, so it can explain or retry. */
public final class ToolErrors {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ToolErrors() {}

    public static String json(String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("error", message == null ? "unknown error" : message);
        return JSON.writeValueAsString(error);
    }

    /** Whether {@code result} is an error result written by {@link #json}. */
    public static boolean isError(String result) {
        if (result == null || !result.startsWith("{\"error\":")) {
            return false;
        }
        try {
            var node = JSON.readTree(result);
            return node.isObject() && node.size() == 1 && node.get("error").isString();
        } catch (RuntimeException notJson) {
            return false;
        }
    }
}
