package dev.tramontane.tools.loop;

import org.springframework.ai.chat.messages.AssistantMessage;

/**
 * Follows a {@link ToolCallingLoop} as it runs, on the loop's thread: the UI shows text, calls and
 * results as they happen. Every method has a default, so a listener implements only what it shows.
 */
public interface ToolLoopListener {

    ToolLoopListener NONE = new ToolLoopListener() {};

    /** A piece of answer text, as streamed by the model. */
    default void onText(String piece) {}

    /** The model asked for this call; it is about to run. */
    default void onToolCall(AssistantMessage.ToolCall call) {}

    /** A call finished (or failed: {@link ToolCallOutcome#failed()}). */
    default void onToolResult(ToolCallOutcome outcome) {}

    /** Polled while the model generates and between steps; true ends the loop early (the user pressed stop). */
    default boolean stopRequested() {
        return false;
    }
}
