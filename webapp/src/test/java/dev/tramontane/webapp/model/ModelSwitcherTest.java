package dev.tramontane.webapp.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.model.ExpertLayout;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.model.SyntheticModel;
import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.sampling.SamplingParams;
import dev.tramontane.engine.serve.FinishReason;
import dev.tramontane.engine.serve.GenerationHandle;
import dev.tramontane.engine.serve.GenerationListener;
import dev.tramontane.engine.serve.GenerationRequest;
import dev.tramontane.engine.serve.GenerationResult;
import dev.tramontane.engine.serve.InferenceService;
import dev.tramontane.engine.serve.ServiceConfig;
import dev.tramontane.webapp.ModelRuntime;
import dev.tramontane.webapp.ServedModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replacing the served model at run time, on models the engine writes itself (no fixtures): the
 * load reports its stages in order, a broken file fails with the engine's message while the
 * previous model keeps answering, a model still in use is drained before it is closed, and a second
 * load while one runs is refused.
 */
class ModelSwitcherTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    ModelLoader loader;
    ModelRuntime runtime;
    ModelSwitcher switcher;
    Path first;
    Path second;

    @BeforeEach
    void twoSmallModels() throws Exception {
        first = dir.resolve("first.gguf");
        second = dir.resolve("second.gguf");
        SyntheticModel.write(first, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, GgmlType.F32, 1));
        SyntheticModel.write(second, SyntheticModel.Spec.tinyMixtral(ExpertLayout.DENSE, GgmlType.Q8_0, 2));
        loader = new ModelLoader(ServiceConfig.defaults().withContextLength(128).withMaxTokensPerRequest(64),
                new SimpleMeterRegistry(), ObservationRegistry.NOOP);
        runtime = new ModelRuntime(loader.load(first));
    }

    @AfterEach
    void close() {
        if (switcher != null) {
            switcher.close();
        }
        runtime.close();
    }

    private ModelSwitcher switcher(ModelSource source, Duration drainTimeout) {
        switcher = new ModelSwitcher(runtime, source, new ModelChoiceFile(dir), drainTimeout);
        return switcher;
    }

    private static ModelLoadProgress finish(ModelLoadJob job) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!job.finished() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(job.finished()).as("the load of " + job.path() + " finished").isTrue();
        return job.progress();
    }

    private static GenerationResult generate(InferenceService service, int maxTokens) throws Exception {
        return service.submit(new GenerationRequest(new int[] {1, 5, 9}, SamplingParams.greedy().withMaxTokens(maxTokens)))
                .result().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aLoadReportsItsStagesInOrderEndsAtOneHundredPercentAndServesTheNewModel() throws Exception {
        ServedModel before = runtime.current();
        List<ModelLoadProgress> seen = new ArrayList<>();
        ModelLoadJob job = switcher(loader, Duration.ofSeconds(30)).load(second);
        job.subscribe(p -> {
            synchronized (seen) {
                seen.add(p);
            }
        });
        ModelLoadProgress last = finish(job);

        assertThat(last.stage()).isEqualTo(ModelLoadStage.READY);
        assertThat(last.percent()).isEqualTo(100);
        assertThat(runtime.current()).isNotSameAs(before);
        assertThat(runtime.status().path()).isEqualTo(second);
        assertThat(generate(runtime.inferenceService().orElseThrow(), 4).tokens()).hasSize(4);
        assertThat(new ModelChoiceFile(dir).read()).contains(second.toAbsolutePath().normalize());
        synchronized (seen) {
            // A late subscriber may join mid-way; what it sees is in stage order and never goes back.
            assertThat(seen.stream().map(ModelLoadProgress::stage).toList()).isSortedAccordingTo(Enum::compareTo);
            assertThat(seen.stream().mapToInt(ModelLoadProgress::percent).toArray()).isSorted();
        }
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!before.isClosed() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(before.isClosed()).as("the idle replaced model is closed").isTrue();
    }

    @Test
    void progressCountsEveryTensorOfTheFile() throws Exception {
        List<ModelLoadProgress> seen = new ArrayList<>();
        ServedModel loaded = loader.load(second, seen::add);
        try (Model model = Model.load(second)) {
            int tensors = model.gguf().tensors().size();
            List<ModelLoadProgress> checks = seen.stream().filter(p -> p.stage() == ModelLoadStage.CHECKING_TENSORS).toList();
            assertThat(checks.getLast().done()).isEqualTo(tensors);
            assertThat(checks.getLast().total()).isEqualTo(tensors);
            assertThat(checks.getLast().percent()).isEqualTo(70);
        } finally {
            loaded.close();
        }
        assertThat(seen.stream().map(ModelLoadProgress::stage).distinct().toList()).containsExactly(
                ModelLoadStage.READING_HEADER, ModelLoadStage.CHECKING_TENSORS, ModelLoadStage.MAPPING_WEIGHTS,
                ModelLoadStage.LOADING_TOKENIZER, ModelLoadStage.WARMING_UP);
    }

    @Test
    void aTruncatedFileFailsWithTheEnginesMessageAndThePreviousModelKeepsAnswering() throws Exception {
        byte[] whole = Files.readAllBytes(second);
        Path broken = Files.write(dir.resolve("broken.gguf"), Arrays.copyOf(whole, whole.length / 2));
        String engineSays;
        try (Model ignored = Model.load(broken)) {
            throw new AssertionError("the engine loaded a truncated file");
        } catch (Exception e) {
            engineSays = e.getMessage();
        }
        ServedModel before = runtime.current();

        ModelLoadProgress last = finish(switcher(loader, Duration.ofSeconds(30)).load(broken));

        assertThat(last.stage()).isEqualTo(ModelLoadStage.FAILED);
        assertThat(last.error()).startsWith("cannot load broken.gguf: ").contains(engineSays);
        assertThat(runtime.current()).isSameAs(before);
        assertThat(runtime.status().loaded()).isTrue();
        assertThat(generate(runtime.inferenceService().orElseThrow(), 3).finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(new ModelChoiceFile(dir).read()).as("a failed load is not remembered").isEmpty();
    }

    @Test
    void inRetrievalOnlyModeAFailedLoadShowsTheReasonAndStaysRetrievalOnly() throws Exception {
        runtime.replace(ServedModel.none()).close();
        Path notAModel = Files.writeString(dir.resolve("notes.gguf"), "plain text, not a model");

        ModelLoadProgress last = finish(switcher(loader, Duration.ofSeconds(30)).load(notAModel));

        assertThat(last.stage()).isEqualTo(ModelLoadStage.FAILED);
        assertThat(runtime.status().loaded()).isFalse();
        assertThat(runtime.status().error()).isEqualTo(last.error()).startsWith("cannot load notes.gguf: ");
        assertThat(runtime.chatModel()).isEmpty();
    }

    @Test
    void aModelInUseDuringTheSwitchFinishesItsWorkAndIsClosedOnlyAfterwards() throws Exception {
        ServedModel old = runtime.current();
        InferenceService oldService = old.inferenceService().orElseThrow();
        ModelLoadProgress last;
        try (ServedModel.Lease turn = runtime.lease()) { // a chat turn between two tool rounds
            last = finish(switcher(loader, Duration.ofMinutes(5)).load(second));
            assertThat(last.stage()).isEqualTo(ModelLoadStage.READY);
            assertThat(runtime.current()).isNotSameAs(old);
            Thread.sleep(600); // several drain checks
            assertThat(old.isClosed()).as("a leased model stays open").isFalse();
            assertThat(switcher.draining()).isEqualTo(1);
            GenerationResult nextRound = generate(oldService, 8);
            assertThat(nextRound.error()).isNull();
            assertThat(nextRound.tokens()).hasSize(8);
        }
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!old.isClosed() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(old.isClosed()).as("closed once the lease is released and its service is idle").isTrue();
        assertThat(switcher.draining()).isZero();
        assertThat(generate(runtime.inferenceService().orElseThrow(), 2).error()).isNull();
    }

    @Test
    void aGenerationRunningOnTheOldModelDuringTheSwitchFinishesThereAndTheModelIsClosedAfterIt() throws Exception {
        ServedModel old = runtime.current();
        CountDownLatch firstToken = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        GenerationHandle running = old.inferenceService().orElseThrow().submit(
                new GenerationRequest(new int[] {1, 5, 9}, SamplingParams.greedy().withMaxTokens(16)), new GenerationListener() {
                    @Override
                    public void onToken(int token) {
                        firstToken.countDown();
                        try {
                            goOn.await(); // a slow step, as on a large model: still running while the switch happens
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
        assertThat(firstToken.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        ModelLoadProgress last = finish(switcher(loader, Duration.ofMinutes(5)).load(second));
        assertThat(last.stage()).isEqualTo(ModelLoadStage.READY);
        Thread.sleep(600); // several drain checks
        assertThat(running.isDone()).as("still generating on the old model").isFalse();
        assertThat(old.isClosed()).as("a model with a running generation stays open").isFalse();

        goOn.countDown();
        GenerationResult result = running.result().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(result.error()).isNull();
        assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(result.tokens()).hasSize(16);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!old.isClosed() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(old.isClosed()).as("closed once its generation has finished").isTrue();
    }

    @Test
    void aLoadEndedByAnErrorRatherThanAnExceptionFailsWithItsReasonAndTheNextLoadIsAccepted() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean firstAttempt = new java.util.concurrent.atomic.AtomicBoolean(true);
        ModelSource outOfMemoryOnce = (path, progress) -> {
            if (firstAttempt.getAndSet(false)) {
                throw new OutOfMemoryError("Java heap space (while mapping " + path.getFileName() + ")");
            }
            return loader.load(path, progress);
        };
        ModelLoadProgress failed = finish(switcher(outOfMemoryOnce, Duration.ofSeconds(30)).load(second));

        assertThat(failed.stage()).isEqualTo(ModelLoadStage.FAILED);
        assertThat(failed.error()).contains("Java heap space");
        assertThat(runtime.chatModel()).as("the model in service stays").isPresent();
        assertThat(finish(switcher.load(second)).stage()).as("the same switcher accepts the next load").isEqualTo(ModelLoadStage.READY);
    }

    @Test
    void aSecondLoadWhileOneRunsIsRefusedWithTheFileThatIsLoading() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        ModelSource slow = (path, progress) -> {
            try {
                gate.await(); // the real loader, held back so the first load is still running
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return loader.load(path, progress);
        };
        ModelLoadJob running = switcher(slow, Duration.ofSeconds(30)).load(second);

        assertThatThrownBy(() -> switcher.load(first))
                .isInstanceOf(ModelLoadBusyException.class)
                .hasMessageContaining("second.gguf")
                .hasMessageContaining("wait until it has finished");
        gate.countDown();
        assertThat(finish(running).stage()).isEqualTo(ModelLoadStage.READY);
        assertThat(finish(switcher.load(first)).stage()).as("after it finished, a new load is accepted").isEqualTo(ModelLoadStage.READY);
    }
}
