package dev.tramontane.webapp.api;

import dev.tramontane.engine.spring.TramontaneChatOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.tool.ToolCallback;
import tools.jackson.databind.JsonNode;

/**
 * Reads an OpenAI chat-completions body into a {@link ChatCompletionRequest}. Anything we cannot
 * honour is refused with a 400 naming the parameter, never silently ignored (except fields that do
 * not change the answer: {@code user}, {@code parallel_tool_calls}, {@code store}, {@code metadata}).
 */
final class ChatCompletionParser {

    private ChatCompletionParser() {}

    static ChatCompletionRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(null, "the request body must be a JSON object");
        }
        String model = requiredString(body, "model");
        List<Message> messages = messages(body.get("messages"));
        TramontaneChatOptions.Builder options = TramontaneChatOptions.builder();
        samplingOptions(body, options);
        int n = body.hasNonNull("n") ? body.get("n").asInt() : 1;
        if (n != 1) {
            throw ApiException.badRequest("n", "n must be 1: Tramontane generates one choice per request (got " + n + ")");
        }
        if (body.path("logprobs").asBoolean(false)) {
            throw ApiException.badRequest("logprobs", "logprobs are not supported by this server");
        }
        responseFormat(body.get("response_format"), options);
        List<String> serverTools = serverTools(body.get("server_tools"));
        tools(body, options, serverTools);
        boolean stream = body.path("stream").asBoolean(false);
        boolean includeUsage = stream && body.path("stream_options").path("include_usage").asBoolean(false);
        String collection = body.path("tramontane").path("collection").asString(null);
        return new ChatCompletionRequest(model, messages, options.build(), stream, includeUsage, collection, serverTools);
    }

    static void samplingOptions(JsonNode body, TramontaneChatOptions.Builder options) {
        Double temperature = number(body, "temperature", 0, 2);
        if (temperature != null) options.temperature(temperature);
        Double topP = number(body, "top_p", 0, 1);
        if (topP != null) options.topP(topP);
        Double frequency = number(body, "frequency_penalty", -2, 2);
        if (frequency != null) options.frequencyPenalty(frequency);
        Double presence = number(body, "presence_penalty", -2, 2);
        if (presence != null) options.presencePenalty(presence);
        String maxParam = body.hasNonNull("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        if (body.hasNonNull(maxParam)) {
            JsonNode max = body.get(maxParam);
            if (!max.isIntegralNumber() || max.asInt() < 1) {
                throw ApiException.badRequest(maxParam, maxParam + " must be an integer >= 1 (got " + max + ")");
            }
            options.maxTokens(max.asInt());
        }
        if (body.hasNonNull("seed")) {
            if (!body.get("seed").isIntegralNumber()) {
                throw ApiException.badRequest("seed", "seed must be an integer (got " + body.get("seed") + ")");
            }
            options.seed(body.get("seed").asLong());
        }
        JsonNode stop = body.get("stop");
        if (stop != null && !stop.isNull()) {
            List<String> stops = new ArrayList<>();
            if (stop.isString()) {
                stops.add(stop.stringValue());
            } else if (stop.isArray()) {
                for (JsonNode s : stop.values()) {
                    if (!s.isString() || s.stringValue().isEmpty()) {
                        throw ApiException.badRequest("stop", "stop must be a string or a list of non-empty strings");
                    }
                    stops.add(s.stringValue());
                }
            } else {
                throw ApiException.badRequest("stop", "stop must be a string or a list of strings");
            }
            stops.removeIf(String::isEmpty);
            if (!stops.isEmpty()) {
                options.stopSequences(stops);
            }
        }
    }

    private static Double number(JsonNode body, String name, double min, double max) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            throw ApiException.badRequest(name, name + " must be a number between " + min + " and " + max + " (got " + v + ")");
        }
        return v.asDouble();
    }

    private static String requiredString(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || !v.isString() || v.stringValue().isBlank()) {
            throw ApiException.badRequest(name, "'" + name + "' is required and must be a non-empty string");
        }
        return v.stringValue();
    }

    private static List<Message> messages(JsonNode list) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw ApiException.badRequest("messages", "'messages' is required and must be a non-empty list");
        }
        List<Message> out = new ArrayList<>();
        Map<String, String> toolNamesById = new HashMap<>();
        int i = 0;
        for (JsonNode m : list.values()) {
            String param = "messages[" + i++ + "]";
            String role = m.path("role").asString("");
            switch (role) {
                case "system", "developer" -> out.add(new SystemMessage(content(m, param)));
                case "user" -> out.add(new UserMessage(content(m, param)));
                case "assistant" -> out.add(assistant(m, param, toolNamesById));
                case "tool" -> {
                    String id = m.path("tool_call_id").asString(null);
                    if (id == null || id.isBlank()) {
                        throw ApiException.badRequest(param + ".tool_call_id", "a tool message needs the tool_call_id it answers");
                    }
                    String name = toolNamesById.getOrDefault(id, m.path("name").asString(""));
                    var response = new ToolResponseMessage.ToolResponse(id, name, content(m, param));
                    if (!out.isEmpty() && out.getLast() instanceof ToolResponseMessage previous) {
                        List<ToolResponseMessage.ToolResponse> joined = new ArrayList<>(previous.getResponses());
                        joined.add(response);
                        out.set(out.size() - 1, ToolResponseMessage.builder().responses(joined).build());
                    } else {
                        out.add(ToolResponseMessage.builder().responses(List.of(response)).build());
                    }
                }
                default -> throw ApiException.badRequest(param + ".role",
                        "role must be system, developer, user, assistant or tool (got '" + role + "')");
            }
        }
        return out;
    }

    private static AssistantMessage assistant(JsonNode m, String param, Map<String, String> toolNamesById) {
        List<AssistantMessage.ToolCall> calls = new ArrayList<>();
        JsonNode toolCalls = m.get("tool_calls");
        if (toolCalls != null && toolCalls.isArray()) {
            for (JsonNode c : toolCalls.values()) {
                String id = c.path("id").asString("");
                String name = c.path("function").path("name").asString("");
                if (name.isBlank()) {
                    throw ApiException.badRequest(param + ".tool_calls", "every tool call needs function.name");
                }
                String arguments = c.path("function").path("arguments").asString("{}");
                toolNamesById.put(id, name);
                calls.add(new AssistantMessage.ToolCall(id, "function", name, arguments));
            }
        }
        String text = m.hasNonNull("content") ? content(m, param) : "";
        return AssistantMessage.builder().content(text).toolCalls(calls).build();
    }

    /** A message's text: a string, or a list of {@code {"type":"text","text":…}} parts joined. */
    private static String content(JsonNode m, String param) {
        JsonNode c = m.get("content");
        if (c == null || c.isNull()) {
            throw ApiException.badRequest(param + ".content", "the message has no content");
        }
        if (c.isString()) {
            return c.stringValue();
        }
        if (c.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : c.values()) {
                String type = part.path("type").asString("");
                if (!type.equals("text")) {
                    throw ApiException.badRequest(param + ".content", "only text content parts are supported (got '" + type + "')");
                }
                text.append(part.path("text").asString(""));
            }
            return text.toString();
        }
        throw ApiException.badRequest(param + ".content", "content must be a string or a list of text parts");
    }

    private static void responseFormat(JsonNode format, TramontaneChatOptions.Builder options) {
        if (format == null || format.isNull()) {
            return;
        }
        String type = format.path("type").asString("");
        switch (type) {
            case "text" -> {}
            case "json_object" -> options.anyJson(true);
            case "json_schema" -> {
                JsonNode schema = format.path("json_schema").get("schema");
                if (schema == null || !schema.isObject()) {
                    throw ApiException.badRequest("response_format.json_schema.schema", "json_schema needs a 'schema' object");
                }
                options.outputSchema(schema.toString());
            }
            default -> throw ApiException.badRequest("response_format.type",
                    "response_format.type must be text, json_object or json_schema (got '" + type + "')");
        }
    }

    /** Tramontane's extension {@code server_tools}: names of registry tools the server runs during this request. */
    private static List<String> serverTools(JsonNode names) {
        if (names == null || names.isNull()) {
            return List.of();
        }
        if (!names.isArray()) {
            throw ApiException.badRequest("server_tools", "server_tools must be a list of tool names, e.g. [\"calculator\"]");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : names.values()) {
            if (!n.isString() || n.stringValue().isBlank()) {
                throw ApiException.badRequest("server_tools", "server_tools must be a list of tool names (got " + n + ")");
            }
            if (!out.contains(n.stringValue())) {
                out.add(n.stringValue());
            }
        }
        return out;
    }

    private static void tools(JsonNode body, TramontaneChatOptions.Builder options, List<String> serverTools) {
        JsonNode tools = body.get("tools");
        List<ToolCallback> callbacks = new ArrayList<>();
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) {
                throw ApiException.badRequest("tools", "tools must be a list");
            }
            int i = 0;
            for (JsonNode t : tools.values()) {
                String param = "tools[" + i++ + "]";
                if (!t.path("type").asString("function").equals("function")) {
                    throw ApiException.badRequest(param + ".type", "only function tools are supported");
                }
                JsonNode f = t.path("function");
                String name = f.path("name").asString("");
                if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                    throw ApiException.badRequest(param + ".function.name",
                            "a function name must be 1-64 letters, digits, '_' or '-' (got '" + name + "')");
                }
                JsonNode parameters = f.get("parameters");
                String schema = parameters == null || parameters.isNull() ? "{\"type\":\"object\",\"properties\":{}}" : parameters.toString();
                if (serverTools.contains(name)) {
                    throw ApiException.badRequest(param + ".function.name", "the function '" + name
                            + "' is also named in server_tools; a name is either the client's tool or the server's");
                }
                callbacks.add(new RequestTool(name, f.path("description").asString(""), schema));
            }
        }
        if (!callbacks.isEmpty()) {
            options.toolCallbacks(callbacks);
        }
        JsonNode choice = body.get("tool_choice");
        if (choice == null || choice.isNull()) {
            return;
        }
        String value;
        if (choice.isString()) {
            value = choice.stringValue();
            if (!List.of("auto", "none", "required").contains(value)) {
                throw ApiException.badRequest("tool_choice", "tool_choice must be auto, none, required or {\"type\":\"function\",\"function\":{\"name\":…}}");
            }
        } else {
            value = choice.path("function").path("name").asString("");
            if (value.isBlank()) {
                throw ApiException.badRequest("tool_choice", "a named tool_choice needs function.name");
            }
        }
        if (!value.equals("auto") && !value.equals("none")) {
            if (callbacks.isEmpty() && serverTools.isEmpty()) {
                throw ApiException.badRequest("tool_choice", "tool_choice '" + value + "' needs tools or server_tools in the request");
            }
            if (!value.equals("required") && !serverTools.contains(value)
                    && callbacks.stream().noneMatch(c -> c.getToolDefinition().name().equals(value))) {
                throw ApiException.badRequest("tool_choice", "tool_choice names '" + value
                        + "', which is not among the request's tools or server_tools");
            }
        }
        options.toolChoice(value);
    }
}
