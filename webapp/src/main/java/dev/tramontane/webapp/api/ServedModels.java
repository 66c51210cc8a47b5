package dev.tramontane.webapp.api;

import dev.tramontane.engine.serve.InferenceService;
import dev.tramontane.engine.spring.TramontaneChatModel;
import dev.tramontane.webapp.ModelRuntime;
import dev.tramontane.webapp.ModelStatus;
import dev.tramontane.webapp.ServedModel;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Which model ids the API answers to: the loaded model's name, and also its file name with or
 * without {@code .gguf}, so clients configured either way work. A suffix {@code @collection}
 * selects a document collection for retrieval. No model loaded is a 503, another id a 404.
 */
@Component
public class ServedModels {

    private final ModelRuntime runtime;

    ServedModels(ModelRuntime runtime) {
        this.runtime = runtime;
    }

    /** The resolved model: chat model, service, the canonical id, and the collection from an {@code @} suffix (or null). */
    public record Resolved(TramontaneChatModel chatModel, InferenceService service, String id, String collection) {}

    /** The loaded model's canonical id, or null when none is loaded. */
    public String id() {
        ModelStatus status = runtime.status();
        return status.loaded() ? status.name() : null;
    }

    public Resolved resolve(String requested) {
        ServedModel served = runtime.current(); // one view: the model can be replaced while the app runs
        ModelStatus status = served.status();
        if (!status.loaded() || served.chatModel().isEmpty()) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "server_error", "model_not_loaded", "model",
                    "no model is loaded: this server runs in retrieval-only mode"
                            + (status.error() != null ? " because " + status.error() : "")
                            + "; load a model with POST /api/model {\"path\": \"FILE.gguf\"} or start with --tramontane.model=FILE.gguf");
        }
        String collection = null;
        String name = requested;
        List<String> aliases = aliases(status);
        if (!aliases.contains(requested)) {
            int at = requested.lastIndexOf('@');
            if (at > 0 && aliases.contains(requested.substring(0, at)) && at < requested.length() - 1) {
                name = requested.substring(0, at);
                collection = requested.substring(at + 1);
            } else {
                throw ApiException.notFound("model_not_found", "model", "The model '" + requested + "' does not exist; this server"
                        + " serves '" + status.name() + "' (also reachable as " + aliases.subList(1, aliases.size())
                        + ", and as '" + status.name() + "@COLLECTION' to answer from a document collection)");
            }
        }
        holdForThisRequest(served);
        return new Resolved(served.chatModel().get(), served.inferenceService().orElseThrow(), status.name(), collection);
    }

    /**
     * Keeps the resolved model open until the HTTP request ends, so a model replaced meanwhile (Settings,
     * {@code POST /api/model}) finishes every round of a server-side tool loop before it is closed.
     */
    private static void holdForThisRequest(ServedModel served) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return; // not called from a request: the caller's generation is covered by the idle check alone
        }
        ServedModel.Lease lease = served.lease();
        request.registerDestructionCallback(ServedModels.class.getName() + ".lease@" + System.identityHashCode(lease), lease::close,
                RequestAttributes.SCOPE_REQUEST);
    }

    private static List<String> aliases(ModelStatus status) {
        List<String> names = new ArrayList<>();
        names.add(status.name());
        if (status.path() != null) {
            String file = status.path().getFileName().toString();
            names.add(file);
            if (file.endsWith(".gguf")) {
                names.add(file.substring(0, file.length() - ".gguf".length()));
            }
        }
        return names;
    }

    /** When the model file was modified, as seconds since the epoch (OpenAI's {@code created}); 0 if unknown. */
    public long created() {
        try {
            return java.nio.file.Files.getLastModifiedTime(runtime.status().path()).toMillis() / 1000;
        } catch (Exception e) {
            return 0;
        }
    }
}
