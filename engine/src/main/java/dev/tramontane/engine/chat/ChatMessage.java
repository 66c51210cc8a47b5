package dev.tramontane.engine.chat;

import java.util.Objects;

/**
 * One turn of a conversation.
 *
 * @param role          who speaks
 * @param content       the text (for a tool result: the tool's output, ideally JSON)
 * @param toolCallsJson for an assistant turn that calls tools: the calls as a JSON array
 *                      ({@code [{"name": …, "arguments": {…}, "id": …}]}), else null
 * @param toolCallId    for a tool result: the id of the call it answers, else null
 */
public record ChatMessage(Role role, String content, String toolCallsJson, String toolCallId) {

    public enum Role { SYSTEM, USER, ASSISTANT, TOOL }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        content = content == null ? "" : content;
    }

    public static ChatMessage system(String content) {
        return new ChatMessage(Role.SYSTEM, content, null, null);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content, null, null);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage(Role.ASSISTANT, content, null, null);
    }

    public static ChatMessage assistantToolCalls(String toolCallsJson) {
        return new ChatMessage(Role.ASSISTANT, "", Objects.requireNonNull(toolCallsJson, "toolCallsJson"), null);
    }

    public static ChatMessage toolResult(String toolCallId, String content) {
        return new ChatMessage(Role.TOOL, content, null, toolCallId);
    }

    public boolean hasToolCalls() {
        return toolCallsJson != null && !toolCallsJson.isBlank();
    }
}
