package dev.tramontane.webapp.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;

/**
 * The JSON objects OpenAI's chat-completions API answers with: {@code chat.completion} for a whole
 * answer and {@code chat.completion.chunk} for each streamed piece, with the same field names and
 * nesting so OpenAI SDKs parse them unchanged.
 */
final class ChatCompletionJson {

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
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        String text = output.getText() == null ? "" : output.getText();
        message.put("content", output.hasToolCalls() && text.isEmpty() ? null : text);
        message.put("refusal", null);
        if (output.hasToolCalls()) {
            message.put("tool_calls", toolCalls(output.getToolCalls(), false));
        }
        message.put("annotations", annotations);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("logprobs", null);
        choice.put("finish_reason", finishReason(response));
        Map<String, Object> body = envelope("chat.completion");
        body.put("choices", List.of(choice));
        body.put("usage", usage(response));
        return body;
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
        Map<String, Object> body = envelope("chat.completion.chunk");
        body.put("choices", List.of());
        body.put("usage", usage(last));
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
        Usage usage = response.getMetadata().getUsage();
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
