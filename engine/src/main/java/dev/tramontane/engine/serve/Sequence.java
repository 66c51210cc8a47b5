package dev.tramontane.engine.serve;

import dev.tramontane.engine.constrain.TokenConstraint;
import dev.tramontane.engine.model.KvCache;
import dev.tramontane.engine.sampling.Sampler;
import dev.tramontane.engine.sampling.StopDetector;
import dev.tramontane.engine.tokenizer.StreamingDecoder;
import dev.tramontane.engine.tokenizer.Tokenizer;
import java.util.Arrays;

/**
 * The state of one request inside the scheduler: where it is in its prompt, what it has generated,
 * and the per-sequence sampler, decoder, stop detector and constraint. Touched only by the scheduler thread.
 */
final class Sequence {

    final GenerationRequest request;
    final GenerationHandle handle;
    final GenerationListener listener;
    final TokenConstraint constraint;
    final int maxNewTokens;
    final long submittedNanos;

    private final Sampler sampler;
    private final StreamingDecoder decoder;
    private final StopDetector stops;
    private final StringBuilder text = new StringBuilder();
    private int[] generated = new int[16];
    private int generatedCount;

    KvCache cache;
    int slot = -1;
    /** Tokens already in the KV cache, i.e. the position the next input token takes. */
    int position;
    int cachedPromptTokens;
    long firstTokenNanos = -1;

    Sequence(GenerationRequest request, GenerationHandle handle, GenerationListener listener, TokenConstraint constraint,
             int maxNewTokens, Tokenizer tokenizer, long submittedNanos) {
        this.request = request;
        this.handle = handle;
        this.listener = listener;
        this.constraint = constraint;
        this.maxNewTokens = maxNewTokens;
        this.submittedNanos = submittedNanos;
        this.sampler = new Sampler(request.sampling());
        // The prompt ends in a chat template's marker or in text the answer continues: the first
        // generated space is real, so it is kept.
        this.decoder = new StreamingDecoder(tokenizer, false, false);
        this.stops = new StopDetector(request.sampling().stop());
        for (int i = 0; i < request.promptLength(); i++) {
            sampler.accept(request.promptToken(i));
        }
    }

    boolean inPrompt() {
        return position < request.promptLength();
    }

    /** The token this sequence feeds in the next step. */
    int nextInput() {
        return inPrompt() ? request.promptToken(position) : generated[generatedCount - 1];
    }

    int sample(float[] logits) {
        if (constraint != null) {
            constraint.mask(logits);
        }
        return sampler.sample(logits);
    }

    /** Records a generated token and returns the text it releases ("" while held back). */
    String accept(int token) {
        if (generatedCount == generated.length) {
            generated = Arrays.copyOf(generated, generatedCount * 2);
        }
        generated[generatedCount++] = token;
        sampler.accept(token);
        if (constraint != null) {
            constraint.accept(token);
        }
        return release(stops.accept(decoder.accept(token)));
    }

    /** The text still held by the decoder and the stop detector, released at the end. */
    String flush() {
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

    boolean stopStringSeen() {
        return stops.stopped();
    }

    int generatedCount() {
        return generatedCount;
    }

    /** Every token whose keys and values are in the cache: the prompt, then the generated tokens fed back. */
    int[] tokensInCache() {
        int[] all = new int[position];
        int fromPrompt = Math.min(position, request.promptLength());
        for (int i = 0; i < fromPrompt; i++) {
            all[i] = request.promptToken(i);
        }
        System.arraycopy(generated, 0, all, fromPrompt, position - fromPrompt);
        return all;
    }

    GenerationResult result(FinishReason reason, Throwable error, long nowNanos) {
        Usage usage = new Usage(request.promptLength(), generatedCount, cachedPromptTokens);
        long ttft = firstTokenNanos < 0 ? -1 : firstTokenNanos - submittedNanos;
        return new GenerationResult(text.toString(), Arrays.copyOf(generated, generatedCount), reason, usage, error, ttft,
                nowNanos - submittedNanos);
    }
}
