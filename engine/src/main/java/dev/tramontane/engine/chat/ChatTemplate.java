package dev.tramontane.engine.chat;

import java.util.List;

/**
 * Turns a conversation into the token ids a model was trained on. Control tokens come in as ids;
 * message text is always tokenized as plain text, so a user who types {@code [INST]} or
 * {@code </s>} gets those characters, never the control token.
 */
public interface ChatTemplate {

    /** Which format this is, e.g. {@code mistral-v1}. */
    ChatTemplateFamily family();

    /**
     * The prompt for the next assistant turn (or the whole conversation when it ends with an
     * assistant turn), starting with BOS.
     *
     * @param toolsJson the available tools as a JSON array of function definitions, or null for none
     * @throws IllegalArgumentException when the conversation does not fit the format (roles out of
     *                                  order, tools in a format without tools), naming the message
     */
    int[] render(List<ChatMessage> messages, String toolsJson);

    default int[] render(List<ChatMessage> messages) {
        return render(messages, null);
    }
}
