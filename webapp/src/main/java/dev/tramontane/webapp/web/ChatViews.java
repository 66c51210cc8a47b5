package dev.tramontane.webapp.web;

import dev.tramontane.webapp.chat.AnswerKind;
import dev.tramontane.webapp.chat.ChatMessage;
import dev.tramontane.webapp.chat.ChatRole;
import dev.tramontane.webapp.chat.Citation;
import dev.tramontane.webapp.chat.Conversation;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/** Turns stored conversations and messages into the view models the chat templates render. */
@Component
class ChatViews {

    private final SafeMarkdown markdown;

    ChatViews(SafeMarkdown markdown) {
        this.markdown = markdown;
    }

    List<ConversationView> conversations(List<Conversation> conversations, String activeId) {
        return conversations.stream().map(c -> new ConversationView(c.id(), c.title(), c.id().equals(activeId))).toList();
    }

    List<MessageView> messages(List<ChatMessage> messages) {
        long lastAnswer = messages.isEmpty() || messages.getLast().role() != ChatRole.ASSISTANT ? -1 : messages.getLast().id();
        List<MessageView> views = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            views.add(message(m, m.id() == lastAnswer));
        }
        return views;
    }

    MessageView message(ChatMessage m, boolean last) {
        String prefix = "src-" + m.id() + "-";
        List<CitationView> citations = m.citations().stream().map(c -> citation(c, prefix)).toList();
        String html = m.role() == ChatRole.USER ? null : markdown.render(m.content(), prefix, citations.size());
        return new MessageView(m.id(), m.role() == ChatRole.USER, html, m.content(), kindLabel(m.kind()), citations,
                m.toolCalls(), last);
    }

    static CitationView citation(Citation c, String anchorPrefix) {
        String title = !c.title().isBlank() ? c.title() : !c.source().isBlank() ? c.source() : c.documentId();
        String href = "/documents/" + UriUtils.encodePathSegment(c.documentId(), java.nio.charset.StandardCharsets.UTF_8)
                + "/file#page=" + c.page();
        return new CitationView(c.number(), anchorPrefix + c.number(), title, c.page(), href, SnippetSegment.parse(c.snippet()));
    }

    private static String kindLabel(AnswerKind kind) {
        return switch (kind) {
            case RETRIEVAL_ONLY -> "chat.kind.retrievalOnly";
            case STOPPED -> "chat.kind.stopped";
            case FAILED -> "chat.kind.failed";
            case QUESTION, GENERATED -> null;
        };
    }
}
