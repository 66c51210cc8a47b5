package dev.tramontane.webapp.chat;

import java.util.List;

/** What a running chat turn reports, in order: sources, then text pieces and tool calls, then one end. */
public sealed interface TurnEvent {

    /** The numbered sources the answer may cite. */
    record Sources(List<Citation> citations) implements TurnEvent {}

    /** A piece of the answer's text, as generated. */
    record Token(String text) implements TurnEvent {}

    /** A tool the model called, with its result. */
    record ToolCall(ToolCallRecord call) implements TurnEvent {}

    /** The turn ended (answered, stopped or failed); the stored message is final. */
    record Done(ChatMessage message) implements TurnEvent {}
}
