package dev.tramontane.engine.generate;

import dev.tramontane.engine.model.KvCache;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.sampling.Sampler;
import dev.tramontane.engine.sampling.SamplingParams;
import dev.tramontane.engine.sampling.StopDetector;
import dev.tramontane.engine.tokenizer.StreamingDecoder;
import dev.tramontane.engine.tokenizer.Tokenizer;
import java.util.Arrays;

/**
 * Runs one sequence: feeds the prompt through the model one token at a time, then samples,
 * decodes and streams until EOS, a stop string, {@code maxTokens}, a full context or cancellation.
 * Text reaches the listener through a {@link StreamingDecoder} (whole characters only) and a
 * {@link StopDetector} (nothing of a stop string), so what the listener sees is exactly
 * {@link GenerationResult#text()}.
 *
 * <p>The KV cache is kept between calls: a prompt that starts with the tokens already fed (the
 * next turn of a chat, whose prompt repeats the conversation so far) only feeds what is new.
 * One sequence at a time per instance; the model itself may be shared.
 */
public final class Generator {

    private final Model model;
    private final Tokenizer tokenizer;
    /** The cache of the previous call and the tokens whose keys and values it holds, in order. */
    private KvCache cache;
    private int[] cached = new int[0];

    public Generator(Model model) {
        this.model = model;
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
            cache = model.newKvCache(contextLength);
            cached = new int[0];
        } else {
            // The last prompt token is always fed again: its logits are the ones to sample from.
            int limit = Math.min(cached.length, prompt.length - 1);
            while (reused < limit && cached[reused] == prompt[reused]) {
                reused++;
            }
        }
        Sampler sampler = new Sampler(params);
        long start = System.nanoTime();
        for (int token : prompt) {
            sampler.accept(token);
        }
        float[] logits = model.forward(Arrays.copyOfRange(prompt, reused, prompt.length), reused, cache);
        long promptDone = System.nanoTime();

        StreamingDecoder decoder = new StreamingDecoder(tokenizer);
        StopDetector stops = new StopDetector(params.stop());
        StringBuilder text = new StringBuilder();
        int[] generated = new int[16];
        int count = 0;
        int position = prompt.length;
        StopReason reason;
        while (true) {
            if (listener.cancelled()) {
                reason = StopReason.CANCELLED;
                break;
            }
            int next = sampler.sample(logits);
            sampler.accept(next);
            if (count == generated.length) {
                generated = Arrays.copyOf(generated, count * 2);
            }
            generated[count++] = next;
            listener.onToken(next);
            if (next == tokenizer.eos()) {
                reason = StopReason.EOS;
                break;
            }
            emit(stops.accept(decoder.accept(next)), text, listener);
            if (stops.stopped()) {
                reason = StopReason.STOP_STRING;
                break;
            }
            if (params.maxTokens() > 0 && count >= params.maxTokens()) {
                reason = StopReason.MAX_TOKENS;
                break;
            }
            if (position >= contextLength) {
                reason = StopReason.CONTEXT_FULL;
                break;
            }
            logits = model.forward(next, position++, cache);
        }
        if (!stops.stopped()) {
            emit(stops.accept(decoder.flush()), text, listener);
            emit(stops.stopped() ? "" : stops.flush(), text, listener);
        }
        long end = System.nanoTime();
        // The tokens that went through the model: the prompt and the generated ones before position.
        int fed = position - prompt.length;
        cached = Arrays.copyOf(prompt, prompt.length + fed);
        System.arraycopy(generated, 0, cached, prompt.length, fed);
        return new GenerationResult(prompt.clone(), Arrays.copyOf(generated, count), text.toString(), reason,
                reused, promptDone - start, end - promptDone);
    }

    private static void emit(String piece, StringBuilder text, GenerationListener listener) {
        if (!piece.isEmpty()) {
            text.append(piece);
            listener.onText(piece);
        }
    }
}
