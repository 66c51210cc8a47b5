package dev.tramontane.engine.serve;

import dev.tramontane.engine.sampling.SamplingParams;
import java.util.Objects;

/**
 * One generation: the prompt as token ids (already rendered by a chat template, starting with BOS
 * where the model wants one), how to sample, and the required output shape. Stop strings and max
 * tokens are part of {@link SamplingParams}.
 */
public record GenerationRequest(int[] promptTokens, SamplingParams sampling, ResponseFormat responseFormat) {

    public GenerationRequest {
        Objects.requireNonNull(promptTokens, "promptTokens");
        Objects.requireNonNull(sampling, "sampling");
        responseFormat = responseFormat == null ? ResponseFormat.TEXT : responseFormat;
        promptTokens = promptTokens.clone();
    }

    public GenerationRequest(int[] promptTokens, SamplingParams sampling) {
        this(promptTokens, sampling, ResponseFormat.TEXT);
    }

    @Override
    public int[] promptTokens() {
        return promptTokens.clone();
    }

    int promptLength() {
        return promptTokens.length;
    }

    int promptToken(int i) {
        return promptTokens[i];
    }

    int[] promptSlice(int from, int to) {
        return java.util.Arrays.copyOfRange(promptTokens, from, to);
    }
}
