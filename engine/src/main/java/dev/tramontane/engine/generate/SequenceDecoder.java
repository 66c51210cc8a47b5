package dev.tramontane.engine.generate;

import dev.tramontane.engine.constrain.TokenConstraint;
import dev.tramontane.engine.sampling.Sampler;
import dev.tramontane.engine.sampling.SamplingParams;
import dev.tramontane.engine.sampling.StopDetector;
import dev.tramontane.engine.tokenizer.StreamingDecoder;
import dev.tramontane.engine.tokenizer.Tokenizer;
import java.util.Arrays;

/**
 * The decoding step of one sequence, shared by the single-sequence {@link Generator} and the
 * serving scheduler: logits → (constraint mask) → sample → record → release whole-character text
 * with stop strings cut → decide whether the sequence ends (EOS, stop string, complete constraint,
 * max tokens, full context). Feeding the model is the caller's job; this holds no KV cache.
 *
 * <p>{@link #tokens()} never contains EOS: a sampled EOS ends the sequence without being recorded.
 * Concatenated, the texts of the steps and of {@link #flush()} are {@link #text()}.
 *
 * <p>One instance per sequence; not thread-safe.
 */
public final class SequenceDecoder {

    /**
     * What one step produced.
     *
     * @param token the sampled token (EOS included)
     * @param text  the text it releases, possibly "" (held back, or EOS)
     * @param stop  why the sequence ends after this token, or null when it goes on
     */
    public record Step(int token, String text, StopReason stop) {}

    private final Tokenizer tokenizer;
    private final Sampler sampler;
    private final TokenConstraint constraint;
    private final int maxNewTokens;
    // The prompt ends in a chat template's marker or in text the answer continues: the first
    // generated space is real, so it is kept.
    private final StreamingDecoder decoder;
    private final StopDetector stops;
    private final StringBuilder text = new StringBuilder();
    private int[] generated = new int[16];
    private int generatedCount;

    /**
     * @param prompt       the prompt tokens, which repetition penalties count
     * @param constraint   masks the logits before sampling; null for free text
     * @param maxNewTokens tokens after which the sequence ends with {@link StopReason#MAX_TOKENS}
     */
    public SequenceDecoder(Tokenizer tokenizer, SamplingParams params, int[] prompt, TokenConstraint constraint, int maxNewTokens) {
        if (maxNewTokens <= 0) {
            throw new IllegalArgumentException("max new tokens is " + maxNewTokens + "; a sequence needs room for at least one");
        }
        this.tokenizer = tokenizer;
        this.sampler = new Sampler(params);
        this.constraint = constraint;
        this.maxNewTokens = maxNewTokens;
        this.decoder = new StreamingDecoder(tokenizer, false, false);
        this.stops = new StopDetector(params.stop());
        for (int token : prompt) {
            sampler.accept(token);
        }
    }

    /**
     * Samples the token that follows {@code logits} and records it: {@link #sample} then {@link #accept}.
     *
     * @param nextPosition the KV position the sampled token would take when fed back
     * @param capacity     the positions of the sequence's KV cache
     */
    public Step next(float[] logits, int nextPosition, int capacity) {
        return accept(sample(logits), nextPosition, capacity);
    }

    /** Masks {@code logits} with the constraint (if any) and samples from them; records nothing. */
    public int sample(float[] logits) {
        if (constraint != null) {
            constraint.mask(logits);
        }
        return sampler.sample(logits);
    }

    /**
     * Records a sampled token, releases the text it completes and decides whether the sequence ends.
     * EOS ends it without being recorded.
     *
     * @param nextPosition the KV position the token would take when fed back
     * @param capacity     the positions of the sequence's KV cache
     */
    public Step accept(int token, int nextPosition, int capacity) {
        if (token == tokenizer.eos()) {
            return new Step(token, "", StopReason.EOS);
        }
        if (generatedCount == generated.length) {
            generated = Arrays.copyOf(generated, generatedCount * 2);
        }
        generated[generatedCount++] = token;
        sampler.accept(token);
        if (constraint != null) {
            constraint.accept(token);
        }
        String piece = release(stops.accept(decoder.accept(token)));
        StopReason stop = null;
        if (stops.stopped()) {
            stop = StopReason.STOP_STRING;
        } else if (constraint != null && constraint.isComplete()) {
            stop = StopReason.CONSTRAINT_COMPLETE;
        } else if (generatedCount >= maxNewTokens) {
            stop = StopReason.MAX_TOKENS;
        } else if (nextPosition >= capacity) {
            stop = StopReason.CONTEXT_FULL;
        }
        return new Step(token, piece, stop);
    }

    /** The text still held by the decoder and the stop detector, released at the end. */
    public String flush() {
        if (stops.stopped()) {
            return "";
        }
        String rest = stops.accept(decoder.flush());
        return release(stops.stopped() ? rest : rest + stops.flush());
    }

    private String release(String piece) {
        text.append(piece);
        return piece;
    }

    /** The last recorded token; only valid once one was generated. */
    public int lastToken() {
        return generated[generatedCount - 1];
    }

    public int generatedCount() {
        return generatedCount;
    }

    /** The generated tokens, EOS excluded. */
    public int[] tokens() {
        return Arrays.copyOf(generated, generatedCount);
    }

    /** The first {@code n} generated tokens into {@code target} at {@code offset}. */
    public void copyTokens(int n, int[] target, int offset) {
        System.arraycopy(generated, 0, target, offset, n);
    }

    /** The text released so far. */
    public String text() {
        return text.toString();
    }
}
