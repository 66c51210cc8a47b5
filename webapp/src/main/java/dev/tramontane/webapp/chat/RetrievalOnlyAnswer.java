package dev.tramontane.webapp.chat;

import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The answer when no model is loaded: the best passages quoted (Markdown block quotes) and cited,
 * with how to get a model; the page labels it "retrieval only". Text is in the user's UI language.
 */
@Component
public class RetrievalOnlyAnswer {

    /** Characters quoted per passage; the full passage is one click away in the sources panel. */
    static final int QUOTE_CHARS = 600;

    private final MessageSource messages;

    public RetrievalOnlyAnswer(MessageSource messages) {
        this.messages = messages;
    }

    /** The answer's Markdown, in paragraphs (streamed one by one). */
    public List<String> paragraphs(List<Citation> sources, Locale locale) {
        List<String> parts = new java.util.ArrayList<>();
        parts.add(messages.getMessage(sources.isEmpty() ? "chat.retrievalOnly.none" : "chat.retrievalOnly.intro", null, locale)
                + "\n\n");
        for (Citation c : sources) {
            String text = c.text().strip().replaceAll("\\s+", " ");
            if (text.length() > QUOTE_CHARS) {
                text = text.substring(0, QUOTE_CHARS) + " …";
            }
            String name = c.title().isBlank() ? c.source() : c.title();
            parts.add("> " + text + "\n>\n> — [" + c.number() + "] " + name + ", "
                    + messages.getMessage("chat.page", new Object[] {c.page()}, locale) + "\n\n");
        }
        parts.add("*" + messages.getMessage("chat.retrievalOnly.howToGetModel", null, locale) + "*\n");
        return parts;
    }
}
