package dev.tramontane.webapp;

import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.serve.InferenceService;
import dev.tramontane.engine.spring.TramontaneChatModel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The loaded model with the service and chat model over it, or nothing (retrieval-only mode) with
 * the reason. Closing stops the service and unmaps the file.
 */
public final class ModelRuntime implements AutoCloseable {

    private final ModelStatus status;
    private final Model model;
    private final InferenceService service;
    private final TramontaneChatModel chatModel;

    private ModelRuntime(ModelStatus status, Model model, InferenceService service, TramontaneChatModel chatModel) {
        this.status = status;
        this.model = model;
        this.service = service;
        this.chatModel = chatModel;
    }

    static ModelRuntime none() {
        return new ModelRuntime(ModelStatus.none(), null, null, null);
    }

    static ModelRuntime failed(Path path, String error) {
        return new ModelRuntime(ModelStatus.failed(path, error), null, null, null);
    }

    static ModelRuntime loaded(Path path, Model model, InferenceService service, TramontaneChatModel chatModel) {
        return new ModelRuntime(ModelStatus.loaded(path, nameOf(model, path)), model, service, chatModel);
    }

    static String nameOf(Model model, Path path) {
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

    /** The Spring AI chat model, when a model is loaded. */
    public Optional<TramontaneChatModel> chatModel() {
        return Optional.ofNullable(chatModel);
    }

    @Override
    public void close() {
        if (service != null) {
            service.close();
        }
        if (model != null) {
            model.close();
        }
    }
}
