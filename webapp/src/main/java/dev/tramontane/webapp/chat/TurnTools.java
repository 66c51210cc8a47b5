package dev.tramontane.webapp.chat;

import java.util.List;
import org.springframework.ai.tool.ToolCallback;

/**
 * The seam through which the tools module offers tools to chat turns: a bean of this type makes its
 * tools available to the model in the conversation; without one, turns run without tools. Each
 * callback's {@code call(argumentsJson)} runs the tool; its result is fed back to the model.
 */
@FunctionalInterface
public interface TurnTools {

    /** The tools enabled in this conversation (none = the model just answers). */
    List<ToolCallback> toolsFor(String conversationId);
}
