package dev.tramontane.engine.chat;

import dev.tramontane.engine.chat.ChatMessage.Role;
import dev.tramontane.engine.tokenizer.Tokenizer;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * The Mistral v3 instruct format (Mistral 7B v0.3, Mixtral 8x22B), whose vocabulary has control
 * tokens for the structure:
 * {@code <s>[AVAILABLE_TOOLS]▁[…][/AVAILABLE_TOOLS][INST]▁system\n\nuser[/INST][TOOL_CALLS]▁[…]</s>[TOOL_RESULTS]▁{…}[/TOOL_RESULTS]▁answer</s>}.
 *
 * <p>As in mistral-common and the models' Hugging Face template: the system message and the tool
 * definitions go with the <em>last</em> user turn; text after a control token carries the
 * dummy-prefix space; assistant text is trimmed; a tool result is
 * {@code {"content": …, "call_id": …}}.
 */
public final class MistralV3Template implements ChatTemplate {

    static final List<String> CONTROL_TOKENS = List.of("[INST]", "[/INST]", "[AVAILABLE_TOOLS]", "[/AVAILABLE_TOOLS]",
            "[TOOL_CALLS]", "[TOOL_RESULTS]", "[/TOOL_RESULTS]");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Tokenizer tokenizer;
    private final int inst;
    private final int instEnd;
    private final int tools;
    private final int toolsEnd;
    private final int toolCalls;
    private final int toolResults;
    private final int toolResultsEnd;

    public MistralV3Template(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        this.inst = control("[INST]");
        this.instEnd = control("[/INST]");
        this.tools = optionalControl("[AVAILABLE_TOOLS]");
        this.toolsEnd = optionalControl("[/AVAILABLE_TOOLS]");
        this.toolCalls = optionalControl("[TOOL_CALLS]");
        this.toolResults = optionalControl("[TOOL_RESULTS]");
        this.toolResultsEnd = optionalControl("[/TOOL_RESULTS]");
    }

    /** Tool tokens, or -1: a v3 vocabulary without them still chats, it just cannot call tools. */
    private int optionalControl(String text) {
        return tokenizer.find(text).stream().filter(tokenizer::isControl).findFirst().orElse(-1);
    }

    private int requireTool(int id, String text) {
        if (id < 0) {
            throw new IllegalArgumentException("the vocabulary has no " + text + " control token, so this model cannot"
                    + " be given tools or tool results; remove the tools from the request");
        }
        return id;
    }

    private int control(String text) {
        int id = tokenizer.find(text).orElseThrow(() -> new IllegalArgumentException("the vocabulary has no "
                + text + " token, so it is not a Mistral v3 vocabulary; use the mistral-v1 template"));
        if (!tokenizer.isControl(id)) {
            throw new IllegalArgumentException("token " + id + " " + text + " is not a control token in this vocabulary,"
                    + " so it is not a Mistral v3 vocabulary; use the mistral-v1 template");
        }
        return id;
    }

    @Override
    public ChatTemplateFamily family() {
        return ChatTemplateFamily.MISTRAL_V3;
    }

    @Override
    public int[] render(List<ChatMessage> messages, String toolsJson) {
        String system = null;
        int first = 0;
        if (!messages.isEmpty() && messages.get(0).role() == Role.SYSTEM) {
            system = messages.get(0).content();
            first = 1;
        }
        int lastUser = -1;
        for (int i = first; i < messages.size(); i++) {
            if (messages.get(i).role() == Role.USER) {
                lastUser = i;
            }
        }
        TokenSequence out = new TokenSequence(tokenizer).id(tokenizer.bos());
        for (int i = first; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            switch (message.role()) {
                case USER -> {
                    if (i == lastUser && toolsJson != null && !toolsJson.isBlank()) {
                        out.id(requireTool(tools, "[AVAILABLE_TOOLS]")).text(toolsJson.strip())
                                .id(requireTool(toolsEnd, "[/AVAILABLE_TOOLS]"));
                    }
                    String content = i == lastUser && system != null ? system + "\n\n" + message.content() : message.content();
                    out.id(inst).text(content).id(instEnd);
                }
                case ASSISTANT -> {
                    if (message.hasToolCalls()) {
                        out.id(requireTool(toolCalls, "[TOOL_CALLS]")).text(message.toolCallsJson().strip()).id(tokenizer.eos());
                    } else {
                        out.text(message.content().strip()).id(tokenizer.eos());
                    }
                }
                case TOOL -> out.id(requireTool(toolResults, "[TOOL_RESULTS]")).text(toolResultJson(message))
                        .id(requireTool(toolResultsEnd, "[/TOOL_RESULTS]"));
                case SYSTEM -> throw new IllegalArgumentException("message " + i + " is a system message; the mistral-v3 "
                        + "format takes one system message, and only as the first message");
            }
        }
        return out.toArray();
    }

    /** {@code {"content": …, "call_id": "…"}} with the template's spacing; content that is JSON stays JSON. */
    private static String toolResultJson(ChatMessage message) {
        String content = message.content().strip();
        boolean isJson;
        try {
            isJson = !content.isEmpty() && !JSON.readTree(content).isMissingNode();
        } catch (JacksonException notJson) {
            isJson = false;
        }
        StringBuilder json = new StringBuilder("{\"content\": ")
                .append(isJson ? content : JSON.writeValueAsString(content));
        if (message.toolCallId() != null) {
            json.append(", \"call_id\": ").append(JSON.writeValueAsString(message.toolCallId()));
        }
        return json.append('}').toString();
    }
}
