package dev.tramontane.webapp.chat;

import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;

/**
 * The messages a chat turn sends to the model: instructions with the numbered sources, the recent
 * conversation, then the question. Mixtral Instruct has no system role; the engine folds the system
 * text into the first user message.
 */
public final class PromptComposer {

    /** Earlier exchanges kept in the prompt: enough for follow-up questions, small enough for the context. */
    static final int HISTORY_PAIRS = 3;
    /** Characters of one source in the prompt; chunks are already small, this only guards odd ones. */
    static final int MAX_SOURCE_CHARS = 2_000;

    private PromptComposer() {}

    public static List<Message> compose(String question, List<Citation> sources, List<ChatMessage> history, String answerLanguage) {
        List<Message> messages = new ArrayList<>();
        messages.add(new SystemMessage(instructions(sources, answerLanguage)));
        // Earlier question/answer pairs (Mistral's template needs user and assistant to alternate).
        List<Message[]> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < history.size(); i++) {
            ChatMessage q = history.get(i);
            ChatMessage a = history.get(i + 1);
            if (q.role() == ChatRole.USER && a.role() == ChatRole.ASSISTANT && a.kind() == AnswerKind.GENERATED) {
                pairs.add(new Message[] {new UserMessage(q.content()), new AssistantMessage(a.content())});
            }
        }
        for (Message[] pair : pairs.subList(Math.max(0, pairs.size() - HISTORY_PAIRS), pairs.size())) {
            messages.add(pair[0]);
            messages.add(pair[1]);
        }
        messages.add(new UserMessage(question));
        return messages;
    }

    static String instructions(List<Citation> sources, String answerLanguage) {
        StringBuilder s = new StringBuilder();
        s.append("You are Tramontane, an assistant that answers questions about the user's documents.\n");
        if (sources.isEmpty()) {
            s.append("No passage of the user's documents matches this question; say so, then answer briefly from general knowledge if you can.\n");
        } else {
            s.append("Answer from the numbered sources below. Cite the sources you use as [1], [2] right after the sentence"
                    + " they support. If the sources do not contain the answer, say so.\n");
        }
        s.append("Answer in ").append(AnswerLanguage.nameOf(answerLanguage)).append(".\n");
        for (Citation c : sources) {
            String text = c.text().length() <= MAX_SOURCE_CHARS ? c.text() : c.text().substring(0, MAX_SOURCE_CHARS) + " …";
            s.append("\n[").append(c.number()).append("] ").append(c.title().isBlank() ? c.source() : c.title())
                    .append(", page ").append(c.page()).append(":\n").append(text.strip()).append('\n');
        }
        return s.toString();
    }
}
