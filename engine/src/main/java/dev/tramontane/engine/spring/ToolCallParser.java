package dev.tramontane.engine.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads tool calls from model output: a JSON list of {@code {"name": …, "arguments": {…}}}
 * (Mistral's format, after {@code [TOOL_CALLS]} in v3, as plain text in v1) or a single such
 * object. Text around the JSON is tolerated ("Sure! [{…}]"); {@code arguments} may be an object or
 * a JSON string holding one; a missing id gets a fresh 9-character one, as Mistral v3 expects.
 * Anything else is not a call: the result is empty and the text stays an answer.
 */
public final class ToolCallParser {

    /** Reads one value and leaves the text after it alone ("[{…}] Hope this helps"). */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private ToolCallParser() {}

    /** The calls in {@code text}, or an empty list when it holds none. */
    public static List<ParsedToolCall> parse(String text) {
        if (text == null) {
            return List.of();
        }
        int start = firstJsonStart(text, 0);
        while (start >= 0) {
            JsonNode node;
            int end;
            try (JsonParser parser = JSON.createParser(text.substring(start))) {
                node = JSON.readTree(parser);
                end = start + (int) parser.currentLocation().getCharOffset();
            } catch (JacksonException notJson) {
                start = firstJsonStart(text, start + 1);
                continue;
            }
            List<ParsedToolCall> calls = calls(node);
            if (!calls.isEmpty()) {
                return calls;
            }
            // Valid JSON that is not a call (e.g. [1, 2]): look after it, not inside it.
            start = firstJsonStart(text, Math.max(end, start + 1));
        }
        return List.of();
    }

    /** Whether {@code text}, once complete, could be a call: it starts (after spaces) with a list or an object. */
    public static boolean mayStartCall(String text) {
        String s = text.stripLeading();
        return s.isEmpty() || s.charAt(0) == '[' || s.charAt(0) == '{';
    }

    private static int firstJsonStart(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[' || c == '{') {
                return i;
            }
        }
        return -1;
    }

    private static List<ParsedToolCall> calls(JsonNode node) {
        List<ParsedToolCall> calls = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode item : node) {
                ParsedToolCall call = call(item);
                if (call == null) {
                    return List.of();
                }
                calls.add(call);
            }
        } else {
            ParsedToolCall call = call(node);
            if (call != null) {
                calls.add(call);
            }
        }
        return calls;
    }

    private static ParsedToolCall call(JsonNode item) {
        if (!item.isObject() || !item.path("name").isString() || item.path("name").asString().isBlank()) {
            return null;
        }
        JsonNode arguments = item.get("arguments");
        if (arguments == null) {
            arguments = item.get("parameters");
        }
        String argumentsJson;
        if (arguments == null || arguments.isNull()) {
            argumentsJson = "{}";
        } else if (arguments.isString()) {
            argumentsJson = arguments.asString();
        } else if (arguments.isObject()) {
            argumentsJson = JSON.writeValueAsString(arguments);
        } else {
            return null;
        }
        String id = item.path("id").isString() && !item.path("id").asString().isBlank() ? item.path("id").asString() : newId();
        return new ParsedToolCall(id, item.path("name").asString(), argumentsJson);
    }

    /** A fresh call id: 9 letters and digits, the form Mistral v3 templates require. */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[9];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_CHARS.charAt(random.nextInt(ID_CHARS.length()));
        }
        return new String(id);
    }
}
