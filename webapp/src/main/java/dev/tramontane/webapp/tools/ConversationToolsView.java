package dev.tramontane.webapp.tools;

import java.util.List;

/**
 * A conversation's tools as the Tools panel and {@code GET /api/conversations/{id}/tools} show them:
 * every tool the application knows, whether it is on here, and the tool choice.
 *
 * @param conversationId the conversation, or null for a conversation not started yet (the defaults)
 * @param enabled        the names of the tools that are on (the shape {@code PUT} takes)
 * @param custom         whether the conversation has its own settings (false: the application's defaults)
 */
public record ConversationToolsView(String conversationId, List<Tool> tools, List<String> enabled, String toolChoice, boolean custom) {

    /** One tool: its name, what it does (its description, as the model reads it) and whether it is on. */
    public record Tool(String name, String description, boolean enabled) {}

    public static ConversationToolsView of(String conversationId, List<Tool> tools, String toolChoice, boolean custom) {
        return new ConversationToolsView(conversationId, tools, tools.stream().filter(Tool::enabled).map(Tool::name).toList(),
                toolChoice, custom);
    }
}
