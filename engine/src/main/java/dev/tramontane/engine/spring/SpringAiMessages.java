package dev.tramontane.engine.spring;

import dev.tramontane.engine.chat.ChatMessage;
import dev.tramontane.engine.chat.ChatMessage.Role;
import dev.tramontane.engine.chat.ChatTemplateFamily;
import dev.tramontane.engine.spring.MistralToolFormat.ToolResult;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;

/**
 * Spring AI messages → the engine's {@link ChatMessage}s for a given prompt format. System
 * messages become one system message first. For v1, which has no tool roles, tool calls stay in
 * the assistant text as the JSON the model wrote, tool results become a user turn, and
 * consecutive turns of the same role are joined so the turns alternate as the format requires.
 */
public final class SpringAiMessages {

    private SpringAiMessages() {}

    /**
     * @param v1ToolInstructions text appended to the system message for a v1 model given tools, or null
     */
    public static List<ChatMessage> toChatMessages(List<Message> messages, ChatTemplateFamily family, String v1ToolInstructions) {
        boolean v1 = family == ChatTemplateFamily.MISTRAL_V1;
        StringBuilder system = new StringBuilder();
        List<ChatMessage> turns = new ArrayList<>();
        for (Message m : messages) {
            switch (m.getMessageType()) {
                case SYSTEM -> append(system, m.getText());
                case USER -> turns.add(ChatMessage.user(text(m)));
                case ASSISTANT -> turns.add(assistant((AssistantMessage) m, v1));
                case TOOL -> turns.addAll(toolResults((ToolResponseMessage) m, v1));
            }
        }
        if (v1ToolInstructions != null) {
            append(system, v1ToolInstructions);
        }
        List<ChatMessage> out = new ArrayList<>();
        if (!system.isEmpty()) {
            out.add(ChatMessage.system(system.toString()));
        }
        out.addAll(v1 ? joinSameRole(turns) : turns);
        return out;
    }

    private static ChatMessage assistant(AssistantMessage m, boolean v1) {
        if (!m.hasToolCalls()) {
            return ChatMessage.assistant(text(m));
        }
        List<ParsedToolCall> calls = m.getToolCalls().stream()
                .map(c -> new ParsedToolCall(c.id(), c.name(), c.arguments())).toList();
        String json = MistralToolFormat.callsJson(calls);
        return v1 ? ChatMessage.assistant(json) : ChatMessage.assistantToolCalls(json);
    }

    private static List<ChatMessage> toolResults(ToolResponseMessage m, boolean v1) {
        if (v1) {
            List<ToolResult> results = m.getResponses().stream()
                    .map(r -> new ToolResult(r.id(), r.name(), r.responseData())).toList();
            return List.of(ChatMessage.user(MistralToolFormat.v1Results(results)));
        }
        return m.getResponses().stream().map(r -> ChatMessage.toolResult(r.id(), r.responseData())).toList();
    }

    private static List<ChatMessage> joinSameRole(List<ChatMessage> turns) {
        List<ChatMessage> joined = new ArrayList<>();
        for (ChatMessage m : turns) {
            ChatMessage last = joined.isEmpty() ? null : joined.getLast();
            if (last != null && last.role() == m.role() && (m.role() == Role.USER || m.role() == Role.ASSISTANT)) {
                joined.set(joined.size() - 1, new ChatMessage(m.role(), last.content() + "\n\n" + m.content(), null, null));
            } else {
                joined.add(m);
            }
        }
        return joined;
    }

    private static String text(Message m) {
        return m.getText() == null ? "" : m.getText();
    }

    private static void append(StringBuilder system, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        if (!system.isEmpty()) {
            system.append("\n\n");
        }
        system.append(text);
    }
}
