package dev.tramontane.engine.serve;

import dev.tramontane.engine.constrain.TokenConstraint;
import dev.tramontane.engine.generate.SequenceDecoder;
import dev.tramontane.engine.generate.StopReason;
import dev.tramontane.engine.model.KvCache;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.model.Transformer;
import dev.tramontane.engine.tokenizer.Tokenizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves many concurrent generations on one loaded model with continuous batching.
 *
 * <p>One scheduler thread owns the compute: each step it admits waiting requests into free slots
 * (first come, first served), drops cancelled ones, feeds the next prompt chunk of each sequence
 * still reading its prompt ({@link ServiceConfig#prefillChunkTokens()} tokens through the
 * transformer's multi-token forward) and calls {@link Transformer#forwardBatch} once for every
 * sequence that is generating, with its last sampled token. Sequences
 * join and leave the batch between steps, so a short request never waits for a long one to finish.
 * Each sequence samples with its own {@link dev.tramontane.engine.sampling.SamplingParams} and
 * seed, so its tokens do not depend on what else runs.
 *
 * <p>{@link #submit} is thread-safe and never blocks on compute: it validates the request, queues
 * it, and returns a {@link GenerationHandle}; refusals are typed ({@link GenerationRejectedException}).
 */
public final class InferenceService implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InferenceService.class.getName());

    private final Model model;
    private final Transformer transformer;
    private final Tokenizer tokenizer;
    private final ServiceConfig config;
    private final ServiceMetrics metrics;
    private final ConstraintCompiler constraints;
    private final PromptCache promptCache;
    private final int contextLength;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
    private boolean closed;

    /** Scheduler thread only. */
    private final List<Sequence> running = new ArrayList<>();
    private final KvCache[] slots;
    private volatile int runningCount;

    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile long steps;
    private final Thread scheduler;

    /** A service with JSON constrained decoding and no metrics. */
    public InferenceService(Model model, ServiceConfig config) {
        this(model, config, ServiceMetrics.NONE, new JsonConstraintCompiler());
    }

    /**
     * @param constraints builds the token mask of JSON-schema / any-JSON requests ({@link ConstraintCompiler#NONE} refuses them)
     */
    public InferenceService(Model model, ServiceConfig config, ServiceMetrics metrics, ConstraintCompiler constraints) {
        this.model = Objects.requireNonNull(model, "model");
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.constraints = Objects.requireNonNull(constraints, "constraints");
        this.transformer = model.transformer();
        this.tokenizer = model.tokenizer();
        String kvUnsupported = config.kvCacheType().unsupportedReason(model.config());
        if (kvUnsupported != null) { // fail at start-up, not in the scheduler at the first request
            throw new IllegalArgumentException("serving setting kvCacheType = " + config.kvCacheType()
                    + " does not fit this model: " + kvUnsupported);
        }
        this.contextLength = Math.min(config.contextLength(), model.config().contextLength());
        this.promptCache = new PromptCache(model.config().layers(), config.promptCacheBytes(), config.promptCacheMinTokens());
        this.slots = new KvCache[config.maxConcurrentSequences()];
        this.scheduler = Thread.ofPlatform().name("tramontane-scheduler").daemon().unstarted(this::runScheduler);
        metrics.bind(this);
        scheduler.start();
    }

    public Model model() {
        return model;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public ServiceConfig config() {
        return config;
    }

    /** Positions per sequence: the configured context, capped by the model's trained context. */
    public int contextLength() {
        return contextLength;
    }

    public PromptCache promptCache() {
        return promptCache;
    }

    public ServiceStats stats() {
        int queued;
        lock.lock();
        try {
            queued = waiting.size();
        } finally {
            lock.unlock();
        }
        return new ServiceStats(runningCount, queued, ids.get(), rejected.get(), steps, promptCache.stats());
    }

    public GenerationHandle submit(GenerationRequest request) {
        return submit(request, GenerationListener.NONE);
    }

    /**
     * Queues a generation. The listener hears its tokens, text and end on the scheduler thread.
     *
     * @throws ServiceOverloadedException        when every slot is busy and the queue is full
     * @throws ContextOverflowException          when prompt + max tokens exceed {@link #contextLength()}
     * @throws InvalidGenerationRequestException for an empty prompt, a token outside the vocabulary,
     *                                           max tokens above the configured limit, or a response format that cannot be enforced
     * @throws ServiceClosedException            after {@link #close()}
     */
    public GenerationHandle submit(GenerationRequest request, GenerationListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        long now = System.nanoTime();
        int maxNewTokens;
        TokenConstraint constraint;
        try {
            maxNewTokens = validate(request);
            constraint = request.responseFormat().isConstrained() ? compile(request.responseFormat(), maxNewTokens) : null;
        } catch (GenerationRejectedException e) {
            reject(e);
            throw e;
        }
        lock.lock();
        try {
            if (closed) {
                throw reject(new ServiceClosedException());
            }
            int free = config.maxConcurrentSequences() - runningCount;
            if (waiting.size() >= config.maxQueueLength() + Math.max(0, free)) {
                throw reject(new ServiceOverloadedException(runningCount, waiting.size()));
            }
            GenerationHandle handle = new GenerationHandle(ids.incrementAndGet(), this::wake);
            waiting.addLast(new Sequence(request, handle, listener, constraint, maxNewTokens, tokenizer, now));
            workAvailable.signal();
            return handle;
        } finally {
            lock.unlock();
        }
    }

    private int validate(GenerationRequest request) {
        int prompt = request.promptLength();
        if (prompt == 0) {
            throw new InvalidGenerationRequestException("the prompt is empty; a generation needs at least one token"
                    + " (usually BOS, which chat templates add)");
        }
        int vocab = model.config().vocabSize();
        for (int i = 0; i < prompt; i++) {
            int t = request.promptToken(i);
            if (t < 0 || t >= vocab) {
                throw new InvalidGenerationRequestException("prompt token " + i + " is " + t
                        + ", outside the model's vocabulary of " + vocab + " tokens");
            }
        }
        int asked = request.sampling().maxTokens();
        if (asked > config.maxTokensPerRequest()) {
            throw new InvalidGenerationRequestException("max tokens " + asked + " exceeds this server's limit of "
                    + config.maxTokensPerRequest() + " per request (setting tramontane.serving.max-tokens)");
        }
        int room = contextLength - prompt;
        if (asked > 0 ? asked > room : room < 1) {
            throw new ContextOverflowException(prompt, Math.max(asked, 1), contextLength);
        }
        return asked > 0 ? asked : Math.min(room, config.maxTokensPerRequest());
    }

    private TokenConstraint compile(ResponseFormat format, int maxTokens) {
        try {
            return Objects.requireNonNull(constraints.compile(format, tokenizer, maxTokens), "constraint compiler returned null");
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new InvalidGenerationRequestException("the response format cannot be enforced: " + e.getMessage(), e);
        }
    }

    private GenerationRejectedException reject(GenerationRejectedException e) {
        rejected.incrementAndGet();
        metrics.rejected(e.getClass().getSimpleName());
        return e;
    }

    private void wake() {
        lock.lock();
        try {
            workAvailable.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the scheduler. Queued and running requests finish with {@link FinishReason#ERROR} and a
     * {@link ServiceClosedException}; later submissions are refused. Does not close the model.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            workAvailable.signal();
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() == scheduler) {
            return; // closed from a listener: the scheduler sees the flag after this step and winds down itself
        }
        try {
            scheduler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- scheduler thread ----

    private void runScheduler() {
        try {
            while (true) {
                if (!admit()) {
                    break;
                }
                dropCancelled();
                if (!running.isEmpty()) {
                    step();
                }
            }
        } catch (Throwable t) {
            LOG.log(Level.SEVERE, "the inference scheduler failed; failing every request", t);
            closeWith(t);
            return;
        }
        closeWith(new ServiceClosedException());
    }

    /** Moves waiting requests into free slots, oldest first; waits while there is nothing to do. Returns false once closed. */
    private boolean admit() throws InterruptedException {
        List<Sequence> cancelledWhileWaiting = new ArrayList<>();
        List<Sequence> admitted = new ArrayList<>();
        lock.lock();
        try {
            while (!closed && running.isEmpty() && waiting.isEmpty()) {
                workAvailable.await();
            }
            if (closed) {
                return false;
            }
            for (Iterator<Sequence> it = waiting.iterator(); it.hasNext(); ) {
                Sequence s = it.next();
                if (s.handle.isCancelRequested()) {
                    it.remove();
                    cancelledWhileWaiting.add(s);
                }
            }
            while (running.size() + admitted.size() < slots.length && !waiting.isEmpty()) {
                admitted.add(waiting.pollFirst());
            }
            runningCount = running.size() + admitted.size();
        } finally {
            lock.unlock();
        }
        for (Sequence s : cancelledWhileWaiting) {
            finish(s, FinishReason.CANCELLED, null);
        }
        for (Sequence s : admitted) {
            start(s);
        }
        return true;
    }

    private void start(Sequence s) {
        int slot = freeSlot();
        if (slots[slot] == null) {
            try {
                slots[slot] = transformer.newKvCache(contextLength, config.kvCacheType());
            } catch (RuntimeException | OutOfMemoryError e) {
                // Too little heap for one more cache: this request fails with the reason; the
                // sequences already running (and the service) go on.
                finish(s, FinishReason.ERROR, new IllegalStateException("no room for this request's KV cache: " + e.getMessage(), e));
                return;
            }
        }
        s.slot = slot;
        s.cache = slots[slot];
        running.add(s);
        // At least the last prompt token is fed, because its logits choose the first new token.
        int reused = promptCache.restore(s.request.promptTokens(), s.request.promptLength() - 1, s.cache);
        s.position = reused;
        s.cachedPromptTokens = reused;
        metrics.promptCacheLookup(s.request.promptLength(), reused);
        try {
            s.listener.onStart(reused);
        } catch (RuntimeException e) {
            finish(s, FinishReason.ERROR, e);
        }
    }

    private int freeSlot() {
        boolean[] used = new boolean[slots.length];
        for (Sequence s : running) {
            used[s.slot] = true;
        }
        for (int i = 0; i < used.length; i++) {
            if (!used[i]) {
                return i;
            }
        }
        throw new IllegalStateException("no free KV slot although " + running.size() + " < " + slots.length + " sequences run");
    }

    private void dropCancelled() {
        for (Sequence s : List.copyOf(running)) {
            if (s.handle.isCancelRequested()) {
                finish(s, FinishReason.CANCELLED, null);
            }
        }
    }

    /**
     * One step: every sequence still reading its prompt feeds its next chunk (the transformer's
     * multi-token forward, where batched prefill kernels apply); every generating sequence feeds its
     * last token, all of them in one {@link Transformer#forwardBatch} call.
     */
    private void step() {
        List<Sequence> batch = List.copyOf(running);
        List<Sequence> decoding = new ArrayList<>(batch.size());
        long t0 = System.nanoTime();
        for (Sequence s : batch) {
            if (!s.inPrompt()) {
                decoding.add(s);
                continue;
            }
            int end = Math.min(s.request.promptLength(), s.position + config.prefillChunkTokens());
            float[] logits;
            try {
                logits = transformer.forward(s.request.promptSlice(s.position, end), s.position, s.cache);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "prompt forward pass failed", e);
                finish(s, FinishReason.ERROR, e);
                continue;
            }
            s.position = end;
            if (!s.inPrompt()) {
                advanceOrFail(s, logits, System.nanoTime());
            }
        }
        int n = decoding.size();
        if (n > 0) {
            int[] tokens = new int[n];
            int[] positions = new int[n];
            KvCache[] caches = new KvCache[n];
            for (int i = 0; i < n; i++) {
                Sequence s = decoding.get(i);
                tokens[i] = s.nextInput();
                positions[i] = s.position;
                caches[i] = s.cache;
            }
            float[][] logits;
            try {
                logits = transformer.forwardBatch(tokens, positions, caches);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "forward pass failed for a batch of " + n + " sequences", e);
                for (Sequence s : decoding) {
                    finish(s, FinishReason.ERROR, e);
                }
                return;
            }
            long now = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Sequence s = decoding.get(i);
                s.position++;
                advanceOrFail(s, logits[i], now);
            }
        }
        steps++;
        metrics.step(batch.size(), System.nanoTime() - t0);
    }

    private void advanceOrFail(Sequence s, float[] logits, long now) {
        try {
            advance(s, logits, now);
        } catch (RuntimeException e) {
            finish(s, FinishReason.ERROR, e);
        }
    }

    /** Samples the next token of a sequence whose input is all in the cache, and decides whether it ends. */
    private void advance(Sequence s, float[] logits, long now) {
        if (s.position == s.request.promptLength()) {
            promptCache.store(s.tokensInCache(), s.position, s.cache);
        }
        int token = s.decoder.sample(logits);
        if (s.firstTokenNanos < 0) {
            s.firstTokenNanos = now;
            metrics.firstToken(now - s.submittedNanos);
        }
        SequenceDecoder.Step step = s.decoder.accept(token, s.position, s.cache.capacity());
        if (step.stop() == StopReason.EOS) {
            finish(s, FinishReason.STOP, null);
            return;
        }
        s.listener.onToken(step.token());
        if (!step.text().isEmpty()) {
            s.listener.onText(step.text());
        }
        if (step.stop() != null) {
            finish(s, FinishReason.of(step.stop()), null);
        }
    }

    private void finish(Sequence s, FinishReason reason, Throwable error) {
        running.remove(s);
        runningCount = running.size();
        if (s.cache != null && reason != FinishReason.ERROR && s.position > s.request.promptLength()) {
            promptCache.store(s.tokensInCache(), s.position, s.cache);
        }
        if (reason != FinishReason.ERROR) {
            try {
                String rest = s.decoder.flush();
                if (!rest.isEmpty()) {
                    s.listener.onText(rest);
                }
            } catch (RuntimeException e) {
                reason = FinishReason.ERROR;
                error = e;
            }
        }
        GenerationResult result = s.result(reason, error, System.nanoTime());
        try {
            s.listener.onComplete(result);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a generation listener failed in onComplete", e);
        }
        metrics.finished(result);
        s.handle.complete(result);
    }

    private void closeWith(Throwable cause) {
        List<Sequence> left = new ArrayList<>(running);
        lock.lock();
        try {
            closed = true;
            left.addAll(waiting);
            waiting.clear();
        } finally {
            lock.unlock();
        }
        for (Sequence s : left) {
            finish(s, FinishReason.ERROR, cause);
        }
    }
}
