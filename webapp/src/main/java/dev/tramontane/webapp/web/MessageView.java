package dev.tramontane.webapp.web;

import dev.tramontane.webapp.chat.ToolCallRecord;
import java.util.List;

/**
 * A chat message ready to render.
 *
 * @param html      the text rendered by {@link SafeMarkdown} (safe to insert as is)
 * @param raw       the text as written, for the copy button
 * @param kindLabel message key of the label shown above the answer (retrieval only, stopped…), or null
 * @param last      whether this is the conversation's last answer (it gets the regenerate button)
 */
public record MessageView(long id, boolean fromUser, String html, String raw, String kindLabel,
        List<CitationView> citations, List<ToolCallRecord> toolCalls, boolean last) {}
