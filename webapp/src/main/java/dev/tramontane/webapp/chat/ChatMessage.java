package dev.tramontane.webapp.chat;

import java.time.Instant;
import java.util.List;

/** A stored message; an assistant message keeps the sources it cites and the tools it called. */
public record ChatMessage(long id, String conversationId, ChatRole role, String content, AnswerKind kind,
        List<Citation> citations, List<ToolCallRecord> toolCalls, Instant createdAt) {

    public ChatMessage {
        citations = citations == null ? List.of() : List.copyOf(citations);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }
}
