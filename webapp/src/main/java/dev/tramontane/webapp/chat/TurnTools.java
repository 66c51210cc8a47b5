package dev.tramontane.webapp.chat;

import dev.tramontane.tools.loop.ToolCallingLoop;
import dev.tramontane.tools.registry.ToolSet;

/**
 * The seam through which the tools module offers tools to chat turns: a bean of this type makes its
 * tools available to the model in the conversation; without one, turns run without tools. The turn
 * runs them through the application's one {@link ToolCallingLoop}.
 */
public interface TurnTools {

    /** The tools enabled in this conversation, guarded and sharing one call budget (empty = the model just answers). */
    ToolSet forConversation(String conversationId);

    /** How the model must use the tools on a turn's first request: {@code auto}, {@code required}, {@code none} or a tool's name. */
    default String toolChoice(String conversationId) {
        return "auto";
    }

    /** Rounds of model → tools → model before the model must answer without tools. */
    default int maxRounds() {
        return ToolCallingLoop.DEFAULT_MAX_ROUNDS;
    }
}
