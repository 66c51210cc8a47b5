package dev.tramontane.engine.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.sampling.SamplingParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Continuous batching, cancellation, limits and fair order of the inference service on a model the test writes itself. */
class InferenceServiceTest {

    @TempDir
    static Path dir;
    static Model synthetic;

    @BeforeAll
    static void writeModel() {
        synthetic = TestModels.synthetic(dir);
    }

    @AfterAll
    static void closeModel() {
        synthetic.close();
    }

    private static final ServiceConfig BASE = ServiceConfig.defaults().withContextLength(128).withPromptCacheBytes(0);

    private static int[] prompt(Model model, int variant) {
        if (model == synthetic) {
            return new int[] {model.tokenizer().bos(), 3 + variant % 50, 7, 11 + variant % 13, 5};
        }
        String[] openings = {"Once upon a time", "The little dog", "Lily and Tom", "One day, a bird", "The sun was"};
        return model.tokenizer().encode(openings[variant % openings.length] + " " + "abcdefghijklmnop".charAt(variant), true, false);
    }

    private static SamplingParams sampled(int seed, int maxTokens) {
        return SamplingParams.defaults().withTemperature(1.0f).withTopK(0).withTopP(1f).withMinP(0f)
                .withSeed(seed).withMaxTokens(maxTokens);
    }

    /** Records the largest batch the scheduler ran. */
    static final class MaxBatch implements ServiceMetrics {
        final AtomicInteger max = new AtomicInteger();

        @Override
        public void step(int batchSize, long nanos) {
            max.accumulateAndGet(batchSize, Math::max);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"synthetic", "stories260K"})
    void sixteenParallelStreamsEachProduceExactlyTheTokensTheyProduceAlone(String which) throws Exception {
        Model model = which.equals("synthetic") ? synthetic : TestModels.stories();
        try {
            int n = 16;
            List<int[]> alone = new ArrayList<>();
            try (InferenceService solo = new InferenceService(model, BASE.withMaxConcurrentSequences(1))) {
                for (int i = 0; i < n; i++) {
                    GenerationResult r = solo.submit(new GenerationRequest(prompt(model, i), sampled(1000 + i, 24)))
                            .result().get(30, TimeUnit.SECONDS);
                    alone.add(r.tokens());
                }
            }
            MaxBatch batch = new MaxBatch();
            try (InferenceService shared = new InferenceService(model,
                    BASE.withMaxConcurrentSequences(n).withMaxQueueLength(n), batch, new JsonConstraintCompiler())) {
                TestModels.Gate gate = new TestModels.Gate();
                GenerationHandle blocker = shared.submit(new GenerationRequest(prompt(model, 0), sampled(1, 1)), gate);
                gate.awaitReached();
                List<GenerationHandle> handles = new ArrayList<>();
                List<StringBuilder> streamed = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    StringBuilder text = new StringBuilder();
                    streamed.add(text);
                    handles.add(shared.submit(new GenerationRequest(prompt(model, i), sampled(1000 + i, 24)),
                            new GenerationListener() {
                                @Override
                                public void onText(String piece) {
                                    text.append(piece);
                                }
                            }));
                }
                gate.open();
                blocker.result().get(30, TimeUnit.SECONDS);
                for (int i = 0; i < n; i++) {
                    GenerationResult r = handles.get(i).result().get(60, TimeUnit.SECONDS);
                    assertThat(r.tokens()).as("stream %d", i).isEqualTo(alone.get(i));
                    assertThat(streamed.get(i).toString()).as("streamed text of %d", i).isEqualTo(r.text());
                    assertThat(r.finishReason()).isIn(FinishReason.LENGTH, FinishReason.STOP);
                }
            }
            assertThat(batch.max.get()).as("all sixteen ran in one batch").isEqualTo(n);
        } finally {
            if (model != synthetic) {
                model.close();
            }
        }
    }

    @Test
    void promptsReadInChunksGiveTheTokensOfPromptsReadOneTokenAtATime() throws Exception {
        int[] longPrompt = new int[40];
        for (int i = 0; i < longPrompt.length; i++) {
            longPrompt[i] = i == 0 ? synthetic.tokenizer().bos() : 3 + (i * 7) % 60;
        }
        List<int[]> outputs = new ArrayList<>();
        for (int chunk : new int[] {1, 3, 64}) {
            try (InferenceService service = new InferenceService(synthetic, BASE.withPrefillChunkTokens(chunk))) {
                GenerationResult r = service.submit(new GenerationRequest(longPrompt, sampled(21, 12))).result().get(30, TimeUnit.SECONDS);
                assertThat(r.usage().promptTokens()).isEqualTo(40);
                outputs.add(r.tokens());
            }
        }
        assertThat(outputs.get(1)).isEqualTo(outputs.get(0));
        assertThat(outputs.get(2)).isEqualTo(outputs.get(0));
    }

    @Test
    void cancellingARunningGenerationFreesItsSlotBeforeTheNextStep() throws Exception {
        try (InferenceService service = new InferenceService(synthetic, BASE.withMaxConcurrentSequences(1).withMaxQueueLength(4))) {
            AtomicReference<GenerationHandle> self = new AtomicReference<>();
            AtomicInteger seen = new AtomicInteger();
            GenerationHandle first = service.submit(new GenerationRequest(prompt(synthetic, 1), SamplingParams.greedy()
                    .withMaxTokens(100)), new GenerationListener() {
                        @Override
                        public void onToken(int token) {
                            if (seen.incrementAndGet() == 3) {
                                self.get().cancel();
                            }
                        }
                    });
            self.set(first);
            GenerationHandle second = service.submit(new GenerationRequest(prompt(synthetic, 2), sampled(5, 4)));
            GenerationResult cancelled = first.result().get(30, TimeUnit.SECONDS);
            assertThat(cancelled.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(cancelled.tokens()).as("no step ran after cancel()").hasSize(3);
            assertThat(second.result().get(30, TimeUnit.SECONDS).finishReason()).isNotEqualTo(FinishReason.CANCELLED);
            assertThat(service.stats().running()).isZero();
        }
    }

    @Test
    void cancellingAQueuedRequestRemovesItWithoutRunningIt() throws Exception {
        try (InferenceService service = new InferenceService(synthetic, BASE.withMaxConcurrentSequences(1).withMaxQueueLength(4))) {
            TestModels.Gate gate = new TestModels.Gate();
            GenerationHandle running = service.submit(new GenerationRequest(prompt(synthetic, 1), sampled(1, 2)), gate);
            gate.awaitReached();
            GenerationHandle queued = service.submit(new GenerationRequest(prompt(synthetic, 2), sampled(2, 8)));
            assertThat(service.stats().queued()).isEqualTo(1);
            queued.cancel();
            gate.open();
            GenerationResult r = queued.result().get(30, TimeUnit.SECONDS);
            assertThat(r.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(r.tokens()).isEmpty();
            assertThat(r.timeToFirstTokenNanos()).isEqualTo(-1);
            running.result().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFullQueueRefusesTheNextRequestWithServiceOverloaded() throws Exception {
        try (InferenceService service = new InferenceService(synthetic, BASE.withMaxConcurrentSequences(1).withMaxQueueLength(1))) {
            TestModels.Gate gate = new TestModels.Gate();
            GenerationHandle running = service.submit(new GenerationRequest(prompt(synthetic, 1), sampled(1, 2)), gate);
            gate.awaitReached();
            GenerationHandle waiting = service.submit(new GenerationRequest(prompt(synthetic, 2), sampled(2, 2)));
            assertThatThrownBy(() -> service.submit(new GenerationRequest(prompt(synthetic, 3), sampled(3, 2))))
                    .isInstanceOf(ServiceOverloadedException.class)
                    .hasMessageContaining("1 sequences running and 1 requests waiting");
            gate.open();
            assertThat(running.result().get(30, TimeUnit.SECONDS).finishReason()).isIn(FinishReason.LENGTH, FinishReason.STOP);
            assertThat(waiting.result().get(30, TimeUnit.SECONDS).finishReason()).isIn(FinishReason.LENGTH, FinishReason.STOP);
            assertThat(service.stats().rejected()).isEqualTo(1);
        }
    }

    @Test
    void requestsBeyondTheLimitsAreRefusedWithTypedErrorsThatNameTheLimit() {
        try (InferenceService service = new InferenceService(synthetic, BASE.withContextLength(64).withMaxTokensPerRequest(40),
                ServiceMetrics.NONE, ConstraintCompiler.NONE)) {
            int[] ok = prompt(synthetic, 1);
            assertThatThrownBy(() -> service.submit(new GenerationRequest(ok, SamplingParams.greedy().withMaxTokens(41))))
                    .isInstanceOf(InvalidGenerationRequestException.class).hasMessageContaining("limit of 40");
            int[] long60 = new int[60];
            long60[0] = synthetic.tokenizer().bos();
            java.util.Arrays.fill(long60, 1, 60, 9);
            assertThatThrownBy(() -> service.submit(new GenerationRequest(long60, SamplingParams.greedy().withMaxTokens(5))))
                    .isInstanceOfSatisfying(ContextOverflowException.class, e -> {
                        assertThat(e.promptTokens()).isEqualTo(60);
                        assertThat(e.requestedTokens()).isEqualTo(5);
                        assertThat(e.contextLength()).isEqualTo(64);
                    });
            int[] long64 = java.util.Arrays.copyOf(long60, 64);
            assertThatThrownBy(() -> service.submit(new GenerationRequest(long64, SamplingParams.greedy().withMaxTokens(-1))))
                    .isInstanceOf(ContextOverflowException.class);
            assertThatThrownBy(() -> service.submit(new GenerationRequest(new int[0], SamplingParams.greedy())))
                    .isInstanceOf(InvalidGenerationRequestException.class).hasMessageContaining("empty");
            assertThatThrownBy(() -> service.submit(new GenerationRequest(new int[] {1, 64}, SamplingParams.greedy().withMaxTokens(4))))
                    .isInstanceOf(InvalidGenerationRequestException.class).hasMessageContaining("outside the model's vocabulary of 64");
            assertThatThrownBy(() -> service.submit(new GenerationRequest(ok, SamplingParams.greedy().withMaxTokens(4),
                    ResponseFormat.ANY_JSON)))
                    .isInstanceOf(InvalidGenerationRequestException.class).hasMessageContaining("constrained decoding");
            assertThat(service.stats().rejected()).isEqualTo(6);
        }
    }

    @Test
    void aFailingListenerEndsOnlyItsOwnSequenceWithError() throws Exception {
        try (InferenceService service = new InferenceService(synthetic, BASE.withMaxConcurrentSequences(2))) {
            GenerationHandle failing = service.submit(new GenerationRequest(prompt(synthetic, 1), SamplingParams.greedy().withMaxTokens(8)),
                    new GenerationListener() {
                        @Override
                        public void onStart(int cachedPromptTokens) {
                            throw new IllegalStateException("listener broke");
                        }
                    });
            GenerationHandle healthy = service.submit(new GenerationRequest(prompt(synthetic, 2), sampled(3, 8)));
            GenerationResult failed = failing.result().get(30, TimeUnit.SECONDS);
            assertThat(failed.finishReason()).isEqualTo(FinishReason.ERROR);
            assertThat(failed.error()).hasMessage("listener broke");
            assertThat(healthy.result().get(30, TimeUnit.SECONDS).finishReason()).isIn(FinishReason.LENGTH, FinishReason.STOP);
        }
    }

    @Test
    void closingFailsRunningAndWaitingRequestsWithServiceClosed() throws Exception {
        InferenceService service = new InferenceService(synthetic, BASE.withMaxConcurrentSequences(1));
        TestModels.Gate gate = new TestModels.Gate();
        // Held at admission until the second request is queued, then closes the service from the scheduler thread.
        // Its prompt takes two steps to read (100 tokens, 64 per step), so the step in flight cannot finish it.
        int[] longPrompt = new int[100];
        java.util.Arrays.fill(longPrompt, 9);
        longPrompt[0] = synthetic.tokenizer().bos();
        GenerationHandle running = service.submit(new GenerationRequest(longPrompt, sampled(1, 20)),
                new GenerationListener() {
                    @Override
                    public void onStart(int cachedPromptTokens) {
                        gate.onStart(cachedPromptTokens);
                        service.close();
                    }
                });
        gate.awaitReached();
        GenerationHandle waiting = service.submit(new GenerationRequest(prompt(synthetic, 2), sampled(2, 50)));
        gate.open();
        for (GenerationHandle h : List.of(running, waiting)) {
            GenerationResult r = h.result().get(30, TimeUnit.SECONDS);
            assertThat(r.finishReason()).isEqualTo(FinishReason.ERROR);
            assertThat(r.error()).isInstanceOf(ServiceClosedException.class);
        }
        assertThat(running.result().get().tokens()).as("no token after close").isEmpty();
        assertThat(waiting.result().get().tokens()).isEmpty();
        assertThatThrownBy(() -> service.submit(new GenerationRequest(prompt(synthetic, 3), sampled(3, 2))))
                .isInstanceOf(ServiceClosedException.class);
    }

    @Test
    void aClosedServiceRefusesNewRequests() {
        InferenceService service = new InferenceService(synthetic, BASE);
        service.close();
        assertThatThrownBy(() -> service.submit(new GenerationRequest(prompt(synthetic, 1), SamplingParams.greedy().withMaxTokens(2))))
                .isInstanceOf(ServiceClosedException.class);
    }

    @Test
    void waitingRequestsAreAdmittedInTheOrderTheyArrived() throws Exception {
        try (InferenceService service = new InferenceService(synthetic, BASE.withMaxConcurrentSequences(1).withMaxQueueLength(8))) {
            TestModels.Gate gate = new TestModels.Gate();
            GenerationHandle first = service.submit(new GenerationRequest(prompt(synthetic, 0), sampled(1, 1)), gate);
            gate.awaitReached();
            List<Long> started = Collections.synchronizedList(new ArrayList<>());
            List<GenerationHandle> handles = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                AtomicReference<GenerationHandle> self = new AtomicReference<>();
                GenerationHandle h = service.submit(new GenerationRequest(prompt(synthetic, i), sampled(i, 3)),
                        new GenerationListener() {
                            @Override
                            public void onStart(int cachedPromptTokens) {
                                started.add(self.get().id());
                            }
                        });
                self.set(h);
                handles.add(h);
            }
            gate.open();
            first.result().get(30, TimeUnit.SECONDS);
            for (GenerationHandle h : handles) {
                h.result().get(30, TimeUnit.SECONDS);
            }
            assertThat(started).containsExactlyElementsOf(handles.stream().map(GenerationHandle::id).toList());
        }
    }

    @Test
    void maxTokensEndsWithLengthAndTheEndOfTheContextToo() throws Exception {
        try (InferenceService service = new InferenceService(synthetic, BASE.withContextLength(16))) {
            int[] p = prompt(synthetic, 4);
            GenerationResult five = service.submit(new GenerationRequest(p, SamplingParams.greedy().withMaxTokens(5)))
                    .result().get(30, TimeUnit.SECONDS);
            GenerationResult untilFull = service.submit(new GenerationRequest(p, SamplingParams.greedy().withMaxTokens(-1)))
                    .result().get(30, TimeUnit.SECONDS);
            if (untilFull.finishReason() == FinishReason.LENGTH) {
                assertThat(untilFull.tokens()).hasSize(16 - p.length);
            } else {
                assertThat(untilFull.finishReason()).as("only end of sequence may stop it earlier").isEqualTo(FinishReason.STOP);
            }
            if (five.finishReason() == FinishReason.LENGTH) {
                assertThat(five.tokens()).hasSize(5);
            }
            assertThat(untilFull.tokens()).startsWith(five.tokens());
            assertThat(five.usage()).isEqualTo(new Usage(p.length, five.tokens().length, 0));
        }
    }

    @Test
    void aStopStringEndsTheTextBeforeIt() throws Exception {
        Model stories = TestModels.stories();
        try (stories; InferenceService service = new InferenceService(stories, BASE.withContextLength(256))) {
            int[] p = stories.tokenizer().encode("Once upon a time", true, false);
            GenerationResult free = service.submit(new GenerationRequest(p, SamplingParams.greedy().withMaxTokens(60)))
                    .result().get(30, TimeUnit.SECONDS);
            String text = free.text();
            int cut = text.indexOf(' ', text.length() / 2);
            String stop = text.substring(cut, cut + 4);
            GenerationResult stopped = service.submit(new GenerationRequest(p,
                    SamplingParams.greedy().withMaxTokens(60).withStop(List.of(stop)))).result().get(30, TimeUnit.SECONDS);
            assertThat(stopped.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(stopped.text()).isEqualTo(text.substring(0, text.indexOf(stop)));
        }
    }
}
