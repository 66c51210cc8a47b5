package dev.tramontane.engine.serve;

/**
 * The prompt plus the requested tokens do not fit the context window (HTTP 400). Nothing was
 * truncated: shorten the conversation, lower max tokens, or use the drop-oldest-turns policy.
 */
public final class ContextOverflowException extends GenerationRejectedException {

    private final int promptTokens;
    private final int requestedTokens;
    private final int contextLength;

    public ContextOverflowException(int promptTokens, int requestedTokens, int contextLength) {
        this(promptTokens, requestedTokens, contextLength, "");
    }

    public ContextOverflowException(int promptTokens, int requestedTokens, int contextLength, String detail) {
        super("the prompt has " + promptTokens + " tokens and " + requestedTokens
                + " more were requested, but the context holds " + contextLength + " tokens"
                + (detail.isEmpty() ? "" : " (" + detail + ")")
                + "; shorten the prompt or conversation, lower max tokens, or enable the drop-oldest-turns overflow policy");
        this.promptTokens = promptTokens;
        this.requestedTokens = requestedTokens;
        this.contextLength = contextLength;
    }

    public int promptTokens() {
        return promptTokens;
    }

    public int requestedTokens() {
        return requestedTokens;
    }

    public int contextLength() {
        return contextLength;
    }
}
