package dev.tramontane.engine.sampling;

import java.util.List;
import java.util.Objects;

/**
 * How the next token is chosen from the logits, and when generation stops. Zero or neutral values
 * switch a step off: {@code temperature 0} is greedy, {@code topK 0}, {@code topP 1}, {@code minP 0},
 * {@code repetitionPenalty 1} and the other penalties at 0 do nothing.
 *
 * @param temperature       logits are divided by it; 0 picks the most likely token (greedy)
 * @param topK              keep only the k most likely tokens (0 = all)
 * @param topP              keep the smallest set of most likely tokens whose probabilities add up to at least p (1 = all)
 * @param minP              drop tokens less likely than {@code minP ×} the most likely one (0 = none)
 * @param repetitionPenalty recent tokens' logits: positive ones divided by it, negative ones multiplied (1 = off)
 * @param frequencyPenalty  subtracted from a recent token's logit once per occurrence
 * @param presencePenalty   subtracted once from the logit of every token seen recently
 * @param penaltyLastN      how many recent tokens the penalties look at (0 = none, -1 = all)
 * @param seed              seed of the random draw; same seed and same logits give the same tokens ({@link #RANDOM_SEED} = fresh entropy)
 * @param maxTokens         at most this many generated tokens (-1 = until EOS, a stop string or the context ends)
 * @param stop              generation ends before the first occurrence of any of these strings
 */
public record SamplingParams(
        float temperature,
        int topK,
        float topP,
        float minP,
        float repetitionPenalty,
        float frequencyPenalty,
        float presencePenalty,
        int penaltyLastN,
        long seed,
        int maxTokens,
        List<String> stop) {

    public static final long RANDOM_SEED = -1;

    public SamplingParams {
        require(temperature >= 0 && Float.isFinite(temperature), "temperature", temperature, "a finite number >= 0 (0 = greedy)");
        require(topK >= 0, "topK", topK, ">= 0 (0 = keep all)");
        require(topP > 0 && topP <= 1, "topP", topP, "in (0, 1] (1 = keep all)");
        require(minP >= 0 && minP < 1, "minP", minP, "in [0, 1) (0 = off)");
        require(repetitionPenalty > 0 && Float.isFinite(repetitionPenalty), "repetitionPenalty", repetitionPenalty, "> 0 (1 = off)");
        require(Float.isFinite(frequencyPenalty), "frequencyPenalty", frequencyPenalty, "finite (0 = off)");
        require(Float.isFinite(presencePenalty), "presencePenalty", presencePenalty, "finite (0 = off)");
        require(penaltyLastN >= -1, "penaltyLastN", penaltyLastN, ">= -1 (-1 = all tokens, 0 = off)");
        require(maxTokens >= -1 && maxTokens != 0, "maxTokens", maxTokens, ">= 1, or -1 for no limit");
        stop = List.copyOf(Objects.requireNonNull(stop, "stop"));
        for (String s : stop) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("stop strings must not be empty: an empty string would stop before the first token");
            }
        }
    }

    private static void require(boolean ok, String name, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException("sampling parameter " + name + " = " + value + " is invalid; expected " + expected);
        }
    }

    /** llama.cpp's defaults: temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, no penalties, last 64 tokens, 256 tokens. */
    public static SamplingParams defaults() {
        return new SamplingParams(0.8f, 40, 0.95f, 0.05f, 1.0f, 0f, 0f, 64, RANDOM_SEED, 256, List.of());
    }

    /** Always the most likely token: the setting reference outputs are compared in. */
    public static SamplingParams greedy() {
        return defaults().withTemperature(0);
    }

    public SamplingParams withTemperature(float v) {
        return new SamplingParams(v, topK, topP, minP, repetitionPenalty, frequencyPenalty, presencePenalty, penaltyLastN, seed, maxTokens, stop);
    }

    public SamplingParams withTopK(int v) {
        return new SamplingParams(temperature, v, topP, minP, repetitionPenalty, frequencyPenalty, presencePenalty, penaltyLastN, seed, maxTokens, stop);
    }

    public SamplingParams withTopP(float v) {
        return new SamplingParams(temperature, topK, v, minP, repetitionPenalty, frequencyPenalty, presencePenalty, penaltyLastN, seed, maxTokens, stop);
    }

    public SamplingParams withMinP(float v) {
        return new SamplingParams(temperature, topK, topP, v, repetitionPenalty, frequencyPenalty, presencePenalty, penaltyLastN, seed, maxTokens, stop);
    }

    public SamplingParams withRepetitionPenalty(float v) {
        return new SamplingParams(temperature, topK, topP, minP, v, frequencyPenalty, presencePenalty, penaltyLastN, seed, maxTokens, stop);
    }

    public SamplingParams withFrequencyPenalty(float v) {
        return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, v, presencePenalty, penaltyLastN, seed, maxTokens, stop);
    }

    public SamplingParams withPresencePenalty(float v) {
        return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, frequencyPenalty, v, penaltyLastN, seed, maxTokens, stop);
    }

    public SamplingParams withPenaltyLastN(int v) {
        return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, frequencyPenalty, presencePenalty, v, seed, maxTokens, stop);
    }

    public SamplingParams withSeed(long v) {
        return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, frequencyPenalty, presencePenalty, penaltyLastN, v, maxTokens, stop);
    }

    public SamplingParams withMaxTokens(int v) {
        return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, frequencyPenalty, presencePenalty, penaltyLastN, seed, v, stop);
    }

    public SamplingParams withStop(List<String> v) {
        return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, frequencyPenalty, presencePenalty, penaltyLastN, seed, maxTokens, v);
    }
}
