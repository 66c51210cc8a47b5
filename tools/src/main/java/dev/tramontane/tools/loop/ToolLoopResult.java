package dev.tramontane.tools.loop;

import java.util.List;
import org.springframework.ai.chat.messages.Message;
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
 */
public record ToolLoopResult(String text, ChatResponse lastResponse, List<Message> added, List<ToolCallOutcome> calls,
                             int rounds, boolean stoppedAtCap, boolean stopped) {}
