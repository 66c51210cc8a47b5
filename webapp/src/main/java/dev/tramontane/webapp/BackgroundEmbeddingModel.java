package dev.tramontane.webapp;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.BatchingStrategy;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * The bundled embedding model (ONNX Runtime session over MiniLM, 3–5 s to create) built on its own
 * thread while the rest of the app starts. Every call waits for it, so behaviour is that of the
 * model itself; only start-up stops waiting. Each method hands over to the model's own, so its
 * batching and defaults apply unchanged.
 */
final class BackgroundEmbeddingModel implements EmbeddingModel {

    private final CompletableFuture<EmbeddingModel> loaded;

    BackgroundEmbeddingModel(Supplier<EmbeddingModel> loader) {
        this.loaded = CompletableFuture.supplyAsync(loader,
                task -> Thread.ofPlatform().name("tramontane-embedding-model").daemon().start(task));
    }

    /** The model, once built; a failure to build it is thrown here, at every use. */
    EmbeddingModel model() {
        try {
            return loaded.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the embedding model could not be loaded: " + e.getCause().getMessage(), e.getCause());
        }
    }

    boolean ready() {
        return loaded.isDone();
    }

    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
        return model().call(request);
    }

    @Override
    public float[] embed(String text) {
        return model().embed(text);
    }

    @Override
    public float[] embed(Document document) {
        return model().embed(document);
    }

    @Override
    public String getEmbeddingContent(Document document) {
        return model().getEmbeddingContent(document);
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        return model().embed(texts);
    }

    @Override
    public List<float[]> embed(List<Document> documents, EmbeddingOptions options, BatchingStrategy batchingStrategy) {
        return model().embed(documents, options, batchingStrategy);
    }

    @Override
    public EmbeddingResponse embedForResponse(List<String> texts) {
        return model().embedForResponse(texts);
    }

    @Override
    public int dimensions() {
        return model().dimensions();
    }
}
