package dev.tramontane.engine.spring;

import dev.tramontane.engine.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a generated answer into text and tool calls. With a v3 vocabulary the calls follow the
 * {@code [TOOL_CALLS]} control token (which never shows in decoded text, so the split is made on
 * token ids); without one (v1) an answer that is only the JSON list is a call. When a v3 model
 * writes the list without the token, the v1 reading applies too.
 */
public final class ToolCallExtractor {

    /** The answer text (without the calls) and the calls, possibly none. */
    public record Extracted(String content, List<ParsedToolCall> calls) {}

    private final Tokenizer tokenizer;
    private final int toolCallsToken;

    public ToolCallExtractor(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        int id = tokenizer.find("[TOOL_CALLS]").orElse(-1);
        this.toolCallsToken = id >= 0 && tokenizer.isControl(id) ? id : -1;
    }

    /** The id of {@code [TOOL_CALLS]} as a control token, or -1 (v1 vocabularies). */
    public int toolCallsToken() {
        return toolCallsToken;
    }

    /**
     * @param tokens the generated token ids
     * @param text   their text as streamed (stop strings already cut)
     */
    public Extracted extract(int[] tokens, String text) {
        int at = indexOf(tokens, toolCallsToken);
        if (at >= 0) {
            String before = tokenizer.decode(Arrays.copyOf(tokens, at)).strip();
            List<ParsedToolCall> calls = ToolCallParser.parse(tokenizer.decode(Arrays.copyOfRange(tokens, at + 1, tokens.length)));
            return new Extracted(before, calls);
        }
        if (ToolCallParser.mayStartCall(text)) {
            List<ParsedToolCall> calls = ToolCallParser.parse(text);
            if (!calls.isEmpty()) {
                return new Extracted("", calls);
            }
        }
        return new Extracted(text, List.of());
    }

    private static int indexOf(int[] tokens, int token) {
        if (token < 0) {
            return -1;
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] == token) {
                return i;
            }
        }
        return -1;
    }
}
