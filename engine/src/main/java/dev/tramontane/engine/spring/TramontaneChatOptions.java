package dev.tramontane.engine.spring;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.DefaultToolCallingChatOptions;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * Spring AI options of {@link TramontaneChatModel}: the portable ones (temperature, top-p, top-k,
 * max tokens, stop sequences, penalties, tools) plus what the engine also honours — a {@code seed}
 * (same seed, same prompt ⇒ same text), {@code minP}, and the output shape: an
 * {@code outputSchema} (JSON Schema, enforced by constrained decoding) or {@code anyJson}.
 * Null means "not set": a request's value overrides the model's default only where it is set.
 */
public class TramontaneChatOptions extends DefaultToolCallingChatOptions implements StructuredOutputChatOptions {

    private final Long seed;
    private final Double minP;
    private final String outputSchema;
    private final Boolean anyJson;
    private final String toolChoice;

    protected TramontaneChatOptions(List<ToolCallback> toolCallbacks, Map<String, Object> toolContext, String model,
                                    Double frequencyPenalty, Integer maxTokens, Double presencePenalty,
                                    List<String> stopSequences, Double temperature, Integer topK, Double topP,
                                    Long seed, Double minP, String outputSchema, Boolean anyJson, String toolChoice) {
        super(toolCallbacks, toolContext, model, frequencyPenalty, maxTokens, presencePenalty, stopSequences,
                temperature, topK, topP);
        this.seed = seed;
        this.minP = minP;
        this.outputSchema = outputSchema;
        this.anyJson = anyJson;
        this.toolChoice = toolChoice;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Seed of the sampler's random draw; null = fresh entropy per request. */
    public Long getSeed() {
        return seed;
    }

    public Double getMinP() {
        return minP;
    }

    /** A JSON Schema the answer must satisfy (constrained decoding), or null. */
    @Override
    public String getOutputSchema() {
        return outputSchema;
    }

    /** Whether the answer must be some JSON value (OpenAI's {@code json_object}); null = not set. */
    public Boolean getAnyJson() {
        return anyJson;
    }

    /**
     * OpenAI's {@code tool_choice}: {@code auto} (null; the model decides), {@code none} (tools are
     * not shown), {@code required} (the answer is a call to one or more of the tools), or a tool's
     * name (a call to that tool). Required and named calls are decoded under {@link ToolCallSchema}.
     */
    public String getToolChoice() {
        return toolChoice;
    }

    @Override
    public Builder mutate() {
        Builder b = new Builder();
        b.model(getModel()).frequencyPenalty(getFrequencyPenalty()).maxTokens(getMaxTokens())
                .presencePenalty(getPresencePenalty()).stopSequences(getStopSequences()).temperature(getTemperature())
                .topK(getTopK()).topP(getTopP()).toolCallbacks(getToolCallbacks()).toolContext(getToolContext());
        return b.seed(seed).minP(minP).outputSchema(outputSchema).anyJson(anyJson).toolChoice(toolChoice);
    }

    /**
     * These options overridden by every value set in {@code other}, which may be any Spring AI
     * {@link ChatOptions} (tool callbacks and the output schema are taken from the interfaces that carry them).
     */
    public TramontaneChatOptions overriddenBy(ChatOptions other) {
        if (other == null) {
            return this;
        }
        Builder b = mutate();
        if (other.getModel() != null) b.model(other.getModel());
        if (other.getFrequencyPenalty() != null) b.frequencyPenalty(other.getFrequencyPenalty());
        if (other.getMaxTokens() != null) b.maxTokens(other.getMaxTokens());
        if (other.getPresencePenalty() != null) b.presencePenalty(other.getPresencePenalty());
        if (other.getStopSequences() != null) b.stopSequences(other.getStopSequences());
        if (other.getTemperature() != null) b.temperature(other.getTemperature());
        if (other.getTopK() != null) b.topK(other.getTopK());
        if (other.getTopP() != null) b.topP(other.getTopP());
        if (other instanceof ToolCallingChatOptions tools) {
            if (tools.getToolCallbacks() != null && !tools.getToolCallbacks().isEmpty()) b.toolCallbacks(tools.getToolCallbacks());
            if (tools.getToolContext() != null && !tools.getToolContext().isEmpty()) b.toolContext(tools.getToolContext());
        }
        if (other instanceof StructuredOutputChatOptions structured && structured.getOutputSchema() != null) {
            b.outputSchema(structured.getOutputSchema());
        }
        if (other instanceof TramontaneChatOptions t) {
            if (t.seed != null) b.seed(t.seed);
            if (t.minP != null) b.minP(t.minP);
            if (t.anyJson != null) b.anyJson(t.anyJson);
            if (t.toolChoice != null) b.toolChoice(t.toolChoice);
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TramontaneChatOptions t && super.equals(o) && Objects.equals(seed, t.seed)
                && Objects.equals(minP, t.minP) && Objects.equals(outputSchema, t.outputSchema) && Objects.equals(anyJson, t.anyJson)
                && Objects.equals(toolChoice, t.toolChoice);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), seed, minP, outputSchema, anyJson, toolChoice);
    }

    @Override
    public String toString() {
        return "TramontaneChatOptions{temperature=" + getTemperature() + ", topP=" + getTopP() + ", topK=" + getTopK()
                + ", minP=" + minP + ", maxTokens=" + getMaxTokens() + ", stop=" + getStopSequences() + ", seed=" + seed
                + ", tools=" + getToolCallbacks().size() + ", outputSchema=" + (outputSchema != null) + ", anyJson=" + anyJson + ", toolChoice=" + toolChoice + "}";
    }

    /** Builder; {@link #combineWith} lets a later builder's set values win, as ChatClient expects. */
    public static class Builder extends DefaultToolCallingChatOptions.Builder<Builder>
            implements StructuredOutputChatOptions.Builder<Builder> {

        protected Long seed;
        protected Double minP;
        protected String outputSchema;
        protected Boolean anyJson;
        protected String toolChoice;

        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        public Builder minP(Double minP) {
            this.minP = minP;
            return this;
        }

        @Override
        public Builder outputSchema(String outputSchema) {
            this.outputSchema = outputSchema;
            return this;
        }

        public Builder anyJson(Boolean anyJson) {
            this.anyJson = anyJson;
            return this;
        }

        /** {@code auto}, {@code none}, {@code required} or a tool name; see {@link TramontaneChatOptions#getToolChoice()}. */
        public Builder toolChoice(String toolChoice) {
            this.toolChoice = toolChoice;
            return this;
        }

        @Override
        public Builder combineWith(org.springframework.ai.chat.prompt.ChatOptions.Builder<?> other) {
            super.combineWith(other);
            if (other instanceof Builder t) {
                if (t.seed != null) seed = t.seed;
                if (t.minP != null) minP = t.minP;
                if (t.outputSchema != null) outputSchema = t.outputSchema;
                if (t.anyJson != null) anyJson = t.anyJson;
                if (t.toolChoice != null) toolChoice = t.toolChoice;
            }
            return this;
        }

        @Override
        public Builder clone() {
            Builder copy = super.clone();
            copy.seed = seed;
            copy.minP = minP;
            copy.outputSchema = outputSchema;
            copy.anyJson = anyJson;
            copy.toolChoice = toolChoice;
            return copy;
        }

        @Override
        public TramontaneChatOptions build() {
            return new TramontaneChatOptions(toolCallbacks, toolContext, model, frequencyPenalty, maxTokens, presencePenalty,
                    stopSequences, temperature, topK, topP, seed, minP, outputSchema, anyJson, toolChoice);
        }
    }
}
