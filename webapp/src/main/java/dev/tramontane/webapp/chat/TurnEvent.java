package dev.tramontane.webapp.chat;

import java.util.List;

/** What a running chat turn reports, in order: sources, then text pieces and tool calls, then one end. */
public sealed interface TurnEvent {

    /** The numbered sources the answer may cite. */
    record Sources(List<Citation> citations) implements TurnEvent {}

    /** A piece of the answer's text, as generated. */
    record Token(String text) implements TurnEvent {}

    /**
     * A tool call, reported twice with the same id: as it starts ({@link ToolCallRecord#running()},
     * no result yet) and as it ends, with its result or error.
     */
    record ToolCall(ToolCallRecord call) implements TurnEvent {}

    /** The turn ended (answered, stopped or failed); the stored message is final. */
    record Done(ChatMessage message) implements TurnEvent {}
}
