package dev.tramontane.webapp.tools;

import java.util.List;

/**
 * The tools a conversation uses and how the model must use them on a turn's first request.
 *
 * @param enabled    names of the tools the model is offered, in registry order
 * @param toolChoice {@code auto}, {@code required}, {@code none}, or the name of one enabled tool
 */
public record ConversationToolSettings(List<String> enabled, String toolChoice) {

    public static final String AUTO = "auto";
    public static final String REQUIRED = "required";
    public static final String NONE = "none";

    public ConversationToolSettings {
        enabled = enabled == null ? List.of() : List.copyOf(enabled);
        toolChoice = toolChoice == null || toolChoice.isBlank() ? AUTO : toolChoice.strip();
    }

    /** The choice names one tool rather than a mode. */
    public boolean namesATool() {
        return !List.of(AUTO, REQUIRED, NONE).contains(toolChoice);
    }
}
