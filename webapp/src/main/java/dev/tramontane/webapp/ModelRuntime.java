package dev.tramontane.webapp;

import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.serve.InferenceService;
import dev.tramontane.engine.spring.TramontaneChatModel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one place that holds the model the application serves right now. Beans keep this object, never
 * the chat model or service it hands out, because Settings (or {@code POST /api/model}) can replace
 * the model while the app runs. Read {@link #current()} once per request for a consistent view, or
 * take a {@link #lease()} for a turn that generates several times.
 */
public final class ModelRuntime implements AutoCloseable {

    private final AtomicReference<ServedModel> current;

    public ModelRuntime(ServedModel initial) {
        this.current = new AtomicReference<>(initial);
    }

    static ModelRuntime none() {
        return new ModelRuntime(ServedModel.none());
    }

    static ModelRuntime failed(Path path, String error) {
        return new ModelRuntime(ServedModel.failed(path, error));
    }

    static ModelRuntime loaded(Path path, Model model, InferenceService service, TramontaneChatModel chatModel) {
        return new ModelRuntime(ServedModel.loaded(path, model, service, chatModel));
    }

    static String nameOf(Model model, Path path) {
        return ServedModel.nameOf(model, path);
    }

    /** The model served now; read it once per request. */
    public ServedModel current() {
        return current.get();
    }

    /** Holds the current model open until the lease is closed, even across a swap. */
    public ServedModel.Lease lease() {
        return current.get().lease();
    }

    /**
     * Puts {@code next} in service atomically and returns the model it replaced; the caller retires
     * that one (waits until it is idle, then closes it).
     */
    public ServedModel replace(ServedModel next) {
        return current.getAndSet(next);
    }

    /** A load failed: the model in service stays, and the status says what went wrong with the new file. */
    public void reportFailure(Path path, String error) {
        // A serving model is left untouched (its leases count on that very object); retrieval-only mode shows the reason.
        current.updateAndGet(served -> served.status().loaded() ? served : ServedModel.failed(path, error));
    }

    public ModelStatus status() {
        return current.get().status();
    }

    public Optional<Model> model() {
        return current.get().model();
    }

    public Optional<InferenceService> inferenceService() {
        return current.get().inferenceService();
    }

    /** The Spring AI chat model, when a model is loaded. */
    public Optional<TramontaneChatModel> chatModel() {
        return current.get().chatModel();
    }

    @Override
    public void close() {
        current.get().close();
    }
}
