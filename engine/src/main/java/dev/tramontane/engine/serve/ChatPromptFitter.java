package dev.tramontane.engine.serve;

import dev.tramontane.engine.chat.ChatMessage;
import dev.tramontane.engine.chat.ChatMessage.Role;
import dev.tramontane.engine.chat.ChatTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a conversation with the model's chat template so that it fits the context together with
 * the tokens to generate, following an {@link OverflowPolicy}. Nothing is ever cut silently in the
 * middle of a message: either whole turns go (oldest first, the system message stays) or the
 * caller gets a {@link ContextOverflowException}.
 */
public final class ChatPromptFitter {

    /** What to do when a conversation plus max tokens is longer than the context. */
    public enum OverflowPolicy {
        /** Refuse with {@link ContextOverflowException}. */
        ERROR,
        /**
         * Drop the oldest turns (a user message and the assistant and tool messages that answer it)
         * until it fits, keeping the system message and the last turn; refuse if even that is too long.
         */
        DROP_OLDEST_TURNS
    }

    /**
     * @param tokens          the prompt
     * @param messages        the messages it was rendered from (a suffix of the input, after the system message)
     * @param droppedMessages how many messages the policy left out
     */
    public record FittedPrompt(int[] tokens, List<ChatMessage> messages, int droppedMessages) {}

    private final ChatTemplate template;
    private final int contextLength;
    private final OverflowPolicy policy;

    public ChatPromptFitter(ChatTemplate template, int contextLength, OverflowPolicy policy) {
        this.template = template;
        this.contextLength = contextLength;
        this.policy = policy;
    }

    public OverflowPolicy policy() {
        return policy;
    }

    /**
     * @param toolsJson the tool definitions to render, or null
     * @param maxTokens tokens to leave room for; -1 for "at least one"
     * @throws ContextOverflowException when it cannot fit under the policy
     */
    public FittedPrompt fit(List<ChatMessage> messages, String toolsJson, int maxTokens) {
        int needed = Math.max(1, maxTokens);
        int[] tokens = template.render(messages, toolsJson);
        if (tokens.length + needed <= contextLength) {
            return new FittedPrompt(tokens, List.copyOf(messages), 0);
        }
        if (policy == OverflowPolicy.ERROR) {
            throw new ContextOverflowException(tokens.length, needed, contextLength,
                    "overflow policy ERROR: nothing was dropped");
        }
        List<ChatMessage> system = !messages.isEmpty() && messages.get(0).role() == Role.SYSTEM
                ? List.of(messages.get(0)) : List.of();
        List<ChatMessage> rest = new ArrayList<>(messages.subList(system.size(), messages.size()));
        int dropped = 0;
        while (true) {
            int nextTurn = startOfSecondTurn(rest);
            if (nextTurn < 0) {
                throw new ContextOverflowException(tokens.length, needed, contextLength,
                        "even with only the system message and the last turn, after dropping " + dropped
                                + " earlier messages");
            }
            rest.subList(0, nextTurn).clear();
            dropped += nextTurn;
            List<ChatMessage> kept = new ArrayList<>(system);
            kept.addAll(rest);
            tokens = template.render(kept, toolsJson);
            if (tokens.length + needed <= contextLength) {
                return new FittedPrompt(tokens, List.copyOf(kept), dropped);
            }
        }
    }

    /** Index of the user message that starts the second turn, or -1 if there is only one turn. */
    private static int startOfSecondTurn(List<ChatMessage> messages) {
        for (int i = 1; i < messages.size(); i++) {
            if (messages.get(i).role() == Role.USER) {
                return i;
            }
        }
        return -1;
    }
}
