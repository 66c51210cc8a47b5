package dev.tramontane.webapp.model;

import dev.tramontane.engine.gguf.GgufFile;
import dev.tramontane.engine.gguf.GgufTensorInfo;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.model.ModelConfig;
import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.sampling.SamplingParams;
import dev.tramontane.engine.serve.GenerationRequest;
import dev.tramontane.engine.serve.GenerationResult;
import dev.tramontane.engine.serve.InferenceService;
import dev.tramontane.engine.serve.JsonConstraintCompiler;
import dev.tramontane.engine.serve.MicrometerServiceMetrics;
import dev.tramontane.engine.serve.ServiceConfig;
import dev.tramontane.engine.spring.TramontaneChatModel;
import dev.tramontane.webapp.ServedModel;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a GGUF file into a {@link ServedModel}, step by step, telling a listener where it stands:
 * reading the header (metadata, architecture), checking every tensor's type and extent, mapping
 * the weights, repacking them for decode when {@code tramontane.serving.repack} is on, building the
 * tokenizer, and one warm-up generation through the new service. Every refusal is the engine's own
 * message (it names the tensor or key and the fix), prefixed with the file.
 */
public final class ModelLoader implements ModelSource {

    /** The gauges an {@link InferenceService} binds; a new service takes them over from the one it replaces. */
    private static final List<String> SERVICE_GAUGES = List.of("tramontane.scheduler.queue.length",
            "tramontane.scheduler.running", "tramontane.prompt.cache.hit.rate", "tramontane.prompt.cache.bytes");
    /** A warm-up token of a large model on a slow disk pages in gigabytes; past this the load is refused. */
    private static final long WARM_UP_MINUTES = 10;

    private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

    private final ServiceConfig serviceConfig;
    private final boolean repack;
    private final MeterRegistry meters;
    private final ObservationRegistry observations;

    /** A loader that keeps the weights in the file's layout. */
    public ModelLoader(ServiceConfig serviceConfig, MeterRegistry meters, ObservationRegistry observations) {
        this(serviceConfig, false, meters, observations);
    }

    /**
     * @param repack whether each loaded model copies its decode matrices into the repacked layout
     *               ({@link Model#repack}) before it serves
     */
    public ModelLoader(ServiceConfig serviceConfig, boolean repack, MeterRegistry meters, ObservationRegistry observations) {
        this.serviceConfig = serviceConfig;
        this.repack = repack;
        this.meters = meters;
        this.observations = observations;
    }

    /**
     * Loads {@code path} at start-up: no progress, and no warm-up, so the app is up sooner (the first
     * request pays for paging in the weights, as it did before models could be loaded at run time).
     */
    public ServedModel load(Path path) {
        return load(path, p -> {}, false);
    }

    /**
     * Loads {@code path} at run time, with one warm-up generation before it goes into service.
     *
     * @throws ModelLoadException naming the file and the problem; nothing stays open then
     */
    @Override
    public ServedModel load(Path path, Consumer<ModelLoadProgress> progress) {
        return load(path, progress, true);
    }

    private ServedModel load(Path path, Consumer<ModelLoadProgress> progress, boolean warmUp) {
        String file = path.toAbsolutePath().toString();
        if (!Files.isRegularFile(path)) {
            throw new ModelLoadException("model file " + file + " does not exist or is not a file", null);
        }
        if (!Files.isReadable(path)) {
            throw new ModelLoadException("model file " + file + " is not readable by this process; check its permissions", null);
        }
        String name = checkHeaderAndTensors(path, progress);
        progress.accept(ModelLoadProgress.at(ModelLoadStage.MAPPING_WEIGHTS, 0, 0, name));
        Model model;
        try {
            model = Model.load(path);
        } catch (Exception e) {
            throw refused(path, e);
        }
        InferenceService service = null;
        try {
            if (repack) {
                progress.accept(ModelLoadProgress.at(ModelLoadStage.REPACKING_WEIGHTS, 0, 0, name));
                repack(model, file);
            }
            progress.accept(ModelLoadProgress.at(ModelLoadStage.LOADING_TOKENIZER, 0, 0, name));
            int bos = model.tokenizer().bos();
            progress.accept(ModelLoadProgress.at(ModelLoadStage.WARMING_UP, 0, 1, name));
            SERVICE_GAUGES.forEach(g -> meters.find(g).meters().forEach(meters::remove));
            service = new InferenceService(model, serviceConfig, new MicrometerServiceMetrics(meters), new JsonConstraintCompiler());
            if (warmUp) {
                warmUp(service, bos);
            }
            progress.accept(ModelLoadProgress.at(ModelLoadStage.WARMING_UP, 1, 1, name));
            TramontaneChatModel chatModel = TramontaneChatModel.builder(service)
                    .modelName(ServedModel.nameOf(model, path))
                    .observationRegistry(observations)
                    .build();
            return ServedModel.loaded(path, model, service, chatModel);
        } catch (RuntimeException e) {
            if (service != null) {
                service.close();
            }
            model.close();
            throw e instanceof ModelLoadException m ? m : refused(path, e);
        }
    }

    /**
     * Repacks {@code model}'s decode matrices. Short of memory, the model serves anyway: the matrices
     * copied so far use their copies, the others the file's layout (both give correct results), and
     * the log says so; refusing the model would cost the user more than the slower decode does.
     */
    private static void repack(Model model, String file) {
        try {
            long bytes = model.repack();
            log.info("Repacked {} MiB of decode weights of {} in {} ms", bytes >> 20, file, model.repackNanos() / 1_000_000);
        } catch (IllegalStateException e) {
            log.warn("Serving {} with part of its weights repacked: {}", file, e.getMessage());
        }
    }

    /** Opens the header, reads the architecture, checks each tensor; returns the model's name. */
    private static String checkHeaderAndTensors(Path path, Consumer<ModelLoadProgress> progress) {
        progress.accept(ModelLoadProgress.at(ModelLoadStage.READING_HEADER, 0, 0, null));
        try (GgufFile gguf = GgufFile.open(path)) {
            ModelConfig.from(gguf); // refuses other architectures and unsupported hyperparameters
            String name = gguf.metadata().getString("general.name", path.getFileName().toString());
            List<GgufTensorInfo> tensors = gguf.tensors();
            int total = tensors.size();
            int lastPercent = -1;
            for (int i = 0; i < total; i++) {
                check(gguf, tensors.get(i));
                int percent = ModelLoadStage.CHECKING_TENSORS.percent(i + 1, total);
                if (percent != lastPercent || i + 1 == total) { // one event per percent, not per tensor
                    progress.accept(ModelLoadProgress.at(ModelLoadStage.CHECKING_TENSORS, i + 1, total, name));
                    lastPercent = percent;
                }
            }
            return name;
        } catch (ModelLoadException e) {
            throw e;
        } catch (Exception e) {
            throw refused(path, e);
        }
    }

    private static void check(GgufFile gguf, GgufTensorInfo tensor) {
        if (!tensor.type().supported()) {
            throw new ModelLoadException("cannot load " + gguf.path().getFileName() + ": tensor " + tensor.name() + " has type "
                    + tensor.type() + " (" + tensor.type().id() + "), which Tramontane does not support; supported: "
                    + GgmlType.supportedNames() + ". Use a file quantized to one of those types", null);
        }
        long end = gguf.dataStart() + tensor.offset() + tensor.byteSize();
        if (end > gguf.fileSize()) {
            throw new ModelLoadException("cannot load " + gguf.path().getFileName() + ": tensor " + tensor.name()
                    + " ends at byte " + end + " but the file has " + gguf.fileSize()
                    + " bytes; the file is truncated (an interrupted download?): download it again", null);
        }
    }

    /** One greedy token: pages in the first layers and compiles the hot loops before a user waits on them. */
    private static void warmUp(InferenceService service, int bos) {
        try {
            GenerationResult result = service.submit(new GenerationRequest(new int[] {bos},
                    SamplingParams.greedy().withMaxTokens(1))).result().get(WARM_UP_MINUTES, TimeUnit.MINUTES);
            if (result.error() != null) {
                throw new IllegalStateException("the warm-up generation failed: " + result.error().getMessage(), result.error());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while warming up", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the warm-up generation failed: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the warm-up generation did not finish within " + WARM_UP_MINUTES + " minutes", e);
        }
    }

    private static ModelLoadException refused(Path path, Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return new ModelLoadException("cannot load " + path.getFileName() + ": " + message, e);
    }
}
