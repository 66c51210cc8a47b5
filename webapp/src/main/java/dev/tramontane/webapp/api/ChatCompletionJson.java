package dev.tramontane.webapp.api;

import dev.tramontane.tools.loop.ToolCallOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON objects OpenAI's chat-completions API answers with: {@code chat.completion} for a whole
 * answer and {@code chat.completion.chunk} for each streamed piece, with the same field names and
 * nesting so OpenAI SDKs parse them unchanged.
 */
final class ChatCompletionJson {

    private static final JsonMapper ERRORS = JsonMapper.builder().build();

    private final String id;
    private final long created;
    private final String model;

    ChatCompletionJson(String id, long created, String model) {
        this.id = id;
        this.created = created;
        this.model = model;
    }

    Map<String, Object> completion(ChatResponse response, List<Map<String, Object>> annotations) {
        AssistantMessage output = response.getResult().getOutput();
        return completion(output.getText(), output.getToolCalls(), finishReason(response), usage(response), annotations, null);
    }

    /**
     * A whole answer from its parts (the tool-calling loop's result).
     *
     * @param serverToolCalls the calls the server ran ({@code message.server_tool_calls}), or null to leave the field out
     */
    Map<String, Object> completion(String content, List<AssistantMessage.ToolCall> calls, String finishReason,
                                   Map<String, Object> usage, List<Map<String, Object>> annotations,
                                   List<Map<String, Object>> serverToolCalls) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        String text = content == null ? "" : content;
        message.put("content", !calls.isEmpty() && text.isEmpty() ? null : text);
        message.put("refusal", null);
        if (!calls.isEmpty()) {
            message.put("tool_calls", toolCalls(calls, false));
        }
        message.put("annotations", annotations);
        if (serverToolCalls != null) {
            message.put("server_tool_calls", serverToolCalls);
        }
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("logprobs", null);
        choice.put("finish_reason", finishReason);
        Map<String, Object> body = envelope("chat.completion");
        body.put("choices", List.of(choice));
        body.put("usage", usage);
        return body;
    }

    /** A server tool call as it starts: {@code {id, name, arguments, status: "running"}}. */
    static Map<String, Object> serverToolCallStarted(AssistantMessage.ToolCall call) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", call.id());
        out.put("name", call.name());
        out.put("arguments", call.arguments());
        out.put("status", "running");
        return out;
    }

    /**
     * A server tool call that ended: {@code {id, name, arguments, status: "completed", result}}, or
     * {@code status: "failed"} with {@code error} (the message the model read) instead of {@code result}.
     */
    static Map<String, Object> serverToolCall(ToolCallOutcome outcome) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", outcome.id());
        out.put("name", outcome.name());
        out.put("arguments", outcome.arguments());
        out.put("status", outcome.failed() ? "failed" : "completed");
        if (outcome.failed()) {
            out.put("error", ERRORS.readTree(outcome.result()).get("error").asString());
        } else {
            out.put("result", outcome.result());
        }
        return out;
    }

    /** A streamed chunk with one choice whose {@code delta} is given. */
    Map<String, Object> chunk(Map<String, Object> delta, String finishReason, boolean withUsageField) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("logprobs", null);
        choice.put("finish_reason", finishReason);
        Map<String, Object> body = envelope("chat.completion.chunk");
        body.put("choices", List.of(choice));
        if (withUsageField) {
            body.put("usage", null);
        }
        return body;
    }

    /** The last chunk of a stream with {@code stream_options.include_usage}: no choices, the usage. */
    Map<String, Object> usageChunk(ChatResponse last) {
        return usageChunk(usage(last));
    }

    Map<String, Object> usageChunk(Map<String, Object> usage) {
        Map<String, Object> body = envelope("chat.completion.chunk");
        body.put("choices", List.of());
        body.put("usage", usage);
        return body;
    }

    static Map<String, Object> delta(String key, Object value) {
        Map<String, Object> delta = new LinkedHashMap<>();
        delta.put(key, value);
        return delta;
    }

    static List<Map<String, Object>> toolCalls(List<AssistantMessage.ToolCall> calls, boolean indexed) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            AssistantMessage.ToolCall c = calls.get(i);
            Map<String, Object> call = new LinkedHashMap<>();
            if (indexed) {
                call.put("index", i);
            }
            call.put("id", c.id());
            call.put("type", "function");
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", c.name());
            function.put("arguments", c.arguments());
            call.put("function", function);
            out.add(call);
        }
        return out;
    }

    /** The engine's finish reason in OpenAI's words: stop, length or tool_calls. */
    static String finishReason(ChatResponse response) {
        String reason = response.getResult().getMetadata().getFinishReason();
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case "LENGTH" -> "length";
            case "TOOL_CALLS" -> "tool_calls";
            default -> "stop";
        };
    }

    static Map<String, Object> usage(ChatResponse response) {
        return usage(response.getMetadata().getUsage());
    }

    static Map<String, Object> usage(Usage usage) {
        int prompt = usage.getPromptTokens() == null ? 0 : usage.getPromptTokens();
        int completion = usage.getCompletionTokens() == null ? 0 : usage.getCompletionTokens();
        int cached = usage.getNativeUsage() instanceof dev.tramontane.engine.serve.Usage u ? u.cachedPromptTokens() : 0;
        return usage(prompt, completion, cached);
    }

    static Map<String, Object> usage(int prompt, int completion, int cached) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("prompt_tokens", prompt);
        out.put("completion_tokens", completion);
        out.put("total_tokens", prompt + completion);
        out.put("prompt_tokens_details", Map.of("cached_tokens", cached));
        return out;
    }

    private Map<String, Object> envelope(String object) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("object", object);
        body.put("created", created);
        body.put("model", model);
        body.put("system_fingerprint", null);
        return body;
    }
}
