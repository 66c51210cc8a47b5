package dev.tramontane.engine.generate;

import dev.tramontane.engine.model.KvCache;
import dev.tramontane.engine.model.KvCacheType;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.sampling.SamplingParams;
import dev.tramontane.engine.tokenizer.Tokenizer;
import java.util.Arrays;

/**
 * Runs one sequence: feeds the prompt through the model, then lets a {@link SequenceDecoder} sample,
 * decode and decide the end (EOS, a stop string, {@code maxTokens}, a full context) while this loop
 * feeds each token back and checks for cancellation. Text reaches the listener as the decoder
 * releases it (whole characters, nothing of a stop string), so what the listener sees is exactly
 * {@link GenerationResult#text()}.
 *
 * <p>The KV cache is kept between calls: a prompt that starts with the tokens already fed (the
 * next turn of a chat, whose prompt repeats the conversation so far) only feeds what is new.
 * One sequence at a time per instance; the model itself may be shared.
 */
public final class Generator {

    private final Model model;
    private final KvCacheType kvType;
    private final Tokenizer tokenizer;
    /** The cache of the previous call and the tokens whose keys and values it holds, in order. */
    private KvCache cache;
    private int[] cached = new int[0];

    /** A generator whose KV cache has the default type (F16). */
    public Generator(Model model) {
        this(model, KvCacheType.DEFAULT);
    }

    public Generator(Model model, KvCacheType kvType) {
        this.model = model;
        this.kvType = kvType;
        this.tokenizer = model.tokenizer();
    }

    /**
     * @param prompt        token ids to start from (normally beginning with BOS); at least one
     * @param contextLength positions to reserve in the KV cache; at most the model's context length
     */
    public GenerationResult generate(int[] prompt, SamplingParams params, int contextLength, GenerationListener listener) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt is empty; start it with the BOS token (" + tokenizer.bos() + ")");
        }
        int maxContext = model.config().contextLength();
        if (contextLength <= 0 || contextLength > maxContext) {
            throw new IllegalArgumentException("context length " + contextLength + " is outside 1.." + maxContext
                    + ", the range this model was trained for");
        }
        if (prompt.length >= contextLength) {
            throw new IllegalArgumentException("the prompt has " + prompt.length + " tokens but the context holds "
                    + contextLength + "; shorten the prompt or raise the context length");
        }
        int reused = 0;
        if (cache == null || cache.capacity() != contextLength) {
            cache = model.newKvCache(contextLength, kvType);
            cached = new int[0];
        } else {
            // The last prompt token is always fed again: its logits are the ones to sample from.
            int limit = Math.min(cached.length, prompt.length - 1);
            while (reused < limit && cached[reused] == prompt[reused]) {
                reused++;
            }
        }
        long start = System.nanoTime();
        SequenceDecoder sequence = new SequenceDecoder(tokenizer, params, prompt, null,
                params.maxTokens() > 0 ? params.maxTokens() : Integer.MAX_VALUE);
        float[] logits = model.forward(Arrays.copyOfRange(prompt, reused, prompt.length), reused, cache);
        long promptDone = System.nanoTime();

        int position = prompt.length;
        float[] next = new float[model.config().vocabSize()]; // one logits buffer for every generated token
        StopReason reason;
        boolean eos = false;
        while (true) {
            if (listener.cancelled()) {
                reason = StopReason.CANCELLED;
                break;
            }
            SequenceDecoder.Step step = sequence.next(logits, position, contextLength);
            listener.onToken(step.token());
            emit(step.text(), listener);
            if (step.stop() != null) {
                reason = step.stop();
                eos = reason == StopReason.EOS;
                break;
            }
            logits = model.forward(step.token(), position++, cache, next); // sampled from above, free to reuse
        }
        emit(sequence.flush(), listener);
        long end = System.nanoTime();
        // The tokens that went through the model: the prompt and the generated ones before position.
        int fed = position - prompt.length;
        cached = Arrays.copyOf(prompt, prompt.length + fed);
        sequence.copyTokens(fed, cached, prompt.length);
        // This API reports a sampled end of sequence as the last generated token.
        int[] generated = sequence.tokens();
        if (eos) {
            generated = Arrays.copyOf(generated, generated.length + 1);
            generated[generated.length - 1] = tokenizer.eos();
        }
        return new GenerationResult(prompt.clone(), generated, sequence.text(), reason,
                reused, promptDone - start, end - promptDone);
    }

    private static void emit(String piece, GenerationListener listener) {
        if (!piece.isEmpty()) {
            listener.onText(piece);
        }
    }
}
