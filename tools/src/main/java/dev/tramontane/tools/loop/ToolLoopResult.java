package dev.tramontane.tools.loop;

import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;

/**
 * How a {@link ToolCallingLoop} ended.
 *
 * @param text          the final answer's text
 * @param lastResponse  the model's last response (usage, finish reason, any unanswered tool calls when stopped)
 * @param added         the messages the loop added to the conversation: assistant calls, tool results, final answer
 * @param calls         every call run, in order
 * @param rounds        how many rounds of tool calls ran
 * @param stoppedAtCap  whether the model still wanted tools after the last allowed round (it then answered without them)
 * @param stopped       whether the listener stopped the loop
 * @param clientCalls   calls of tools the caller runs itself (an API client's {@code tools}); when not empty the
 *                      loop ended so the caller can run them, and {@code text} is the text that came with them
 * @param usage         prompt and completion tokens of every model request of the turn, added up
 */
public record ToolLoopResult(String text, ChatResponse lastResponse, List<Message> added, List<ToolCallOutcome> calls,
                             int rounds, boolean stoppedAtCap, boolean stopped, List<AssistantMessage.ToolCall> clientCalls,
                             Usage usage) {

    public ToolLoopResult {
        clientCalls = List.copyOf(clientCalls);
    }
}
