package dev.tramontane.webapp;

import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.serve.InferenceService;
import dev.tramontane.engine.serve.ServiceStats;
import dev.tramontane.engine.spring.TramontaneChatModel;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One immutable state of the model slot: a loaded model with the service and chat model over it,
 * or nothing (retrieval-only mode) with the reason. {@link ModelRuntime} swaps whole instances, so a
 * caller that reads one never sees the status of one model and the service of another.
 *
 * <p>A caller that runs several generations in a row (a chat turn with tool rounds) holds a
 * {@link Lease}; a replaced model is closed only once it has no lease and its service is idle.
 */
public final class ServedModel implements AutoCloseable {

    private final ModelStatus status;
    private final Model model;
    private final InferenceService service;
    private final TramontaneChatModel chatModel;
    private final AtomicInteger leases = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServedModel(ModelStatus status, Model model, InferenceService service, TramontaneChatModel chatModel) {
        this.status = status;
        this.model = model;
        this.service = service;
        this.chatModel = chatModel;
    }

    public static ServedModel none() {
        return new ServedModel(ModelStatus.none(), null, null, null);
    }

    public static ServedModel failed(java.nio.file.Path path, String error) {
        return new ServedModel(ModelStatus.failed(path, error), null, null, null);
    }

    public static ServedModel loaded(java.nio.file.Path path, Model model, InferenceService service, TramontaneChatModel chatModel) {
        return new ServedModel(ModelStatus.loaded(path, nameOf(model, path)), model, service, chatModel);
    }

    /** The model's name from its metadata ({@code general.name}), else the file name. */
    public static String nameOf(Model model, java.nio.file.Path path) {
        return model.gguf().metadata().getString("general.name", path.getFileName().toString());
    }

    public ModelStatus status() {
        return status;
    }

    public Optional<Model> model() {
        return Optional.ofNullable(model);
    }

    public Optional<InferenceService> inferenceService() {
        return Optional.ofNullable(service);
    }

    public Optional<TramontaneChatModel> chatModel() {
        return Optional.ofNullable(chatModel);
    }

    /** Keeps this model open until the lease is closed, even if another model replaces it meanwhile. */
    public Lease lease() {
        leases.incrementAndGet();
        return new Lease();
    }

    /** No lease is held and the service has nothing running or queued. */
    public boolean idle() {
        if (leases.get() > 0) {
            return false;
        }
        if (service == null) {
            return true;
        }
        ServiceStats stats = service.stats();
        return stats.running() == 0 && stats.queued() == 0;
    }

    /** Stops the service (anything still running ends with an error) and unmaps the file; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (service != null) {
            service.close();
        }
        if (model != null) {
            model.close();
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** A hold on one model for a series of generations; use in try-with-resources. */
    public final class Lease implements AutoCloseable {

        private final AtomicBoolean released = new AtomicBoolean();

        private Lease() {}

        public ServedModel served() {
            return ServedModel.this;
        }

        public Optional<TramontaneChatModel> chatModel() {
            return ServedModel.this.chatModel();
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                leases.decrementAndGet();
            }
        }
    }
}
