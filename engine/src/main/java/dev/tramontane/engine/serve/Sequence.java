package dev.tramontane.engine.serve;

import dev.tramontane.engine.constrain.TokenConstraint;
import dev.tramontane.engine.generate.SequenceDecoder;
import dev.tramontane.engine.model.KvCache;
import dev.tramontane.engine.tokenizer.Tokenizer;

/**
 * The state of one request inside the scheduler: where it is in its prompt, its KV slot, its
 * timings, and the {@link SequenceDecoder} that samples, decodes and decides its end. Touched only
 * by the scheduler thread.
 */
final class Sequence {

    final GenerationRequest request;
    final GenerationHandle handle;
    final GenerationListener listener;
    final long submittedNanos;
    final SequenceDecoder decoder;

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
        this.submittedNanos = submittedNanos;
        this.decoder = new SequenceDecoder(tokenizer, request.sampling(), request.promptTokens(), constraint, maxNewTokens);
    }

    boolean inPrompt() {
        return position < request.promptLength();
    }

    /** The token this sequence feeds in the next step. */
    int nextInput() {
        return inPrompt() ? request.promptToken(position) : decoder.lastToken();
    }

    /** Every token whose keys and values are in the cache: the prompt, then the generated tokens fed back. */
    int[] tokensInCache() {
        int[] all = new int[position];
        int fromPrompt = Math.min(position, request.promptLength());
        for (int i = 0; i < fromPrompt; i++) {
            all[i] = request.promptToken(i);
        }
        decoder.copyTokens(position - fromPrompt, all, fromPrompt);
        return all;
    }

    GenerationResult result(FinishReason reason, Throwable error, long nowNanos) {
        Usage usage = new Usage(request.promptLength(), decoder.generatedCount(), cachedPromptTokens);
        long ttft = firstTokenNanos < 0 ? -1 : firstTokenNanos - submittedNanos;
        return new GenerationResult(decoder.text(), decoder.tokens(), reason, usage, error, ttft, nowNanos - submittedNanos);
    }
}
