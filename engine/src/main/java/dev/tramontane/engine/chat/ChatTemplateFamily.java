package dev.tramontane.engine.chat;

/** Prompt formats recognised in a file's {@code tokenizer.chat_template}. */
public enum ChatTemplateFamily {
    /** Mistral 7B v0.1/v0.2, Mixtral 8x7B: {@code [INST]} written as text, system merged into a user turn, no tools. */
    MISTRAL_V1("mistral-v1"),
    /** Mistral 7B v0.3, Mixtral 8x22B: {@code [INST]}, {@code [AVAILABLE_TOOLS]}, {@code [TOOL_CALLS]}… are control tokens. */
    MISTRAL_V3("mistral-v3"),
    /** Mistral v7 ({@code [SYSTEM_PROMPT]}); recognised, rendered by Tramontane as v3. */
    MISTRAL_V7("mistral-v7"),
    /** Llama 2 chat ({@code <<SYS>>}). Recognised, not rendered. */
    LLAMA2("llama2"),
    /** ChatML ({@code <|im_start|>}). Recognised, not rendered. */
    CHATML("chatml"),
    UNKNOWN("unknown");

    private final String label;

    ChatTemplateFamily(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
