package dev.tramontane.rag;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.ai.transformers.TransformersEmbeddingModel;

import dev.tramontane.rag.embed.EmbeddingModels;

/** The real bundled embedding model, loaded once per test JVM (loading costs about a second). */
public final class TestEmbeddings {

    private static TransformersEmbeddingModel model;

    private TestEmbeddings() {}

    public static synchronized TransformersEmbeddingModel bundled() {
        if (model == null) {
            try {
                model = EmbeddingModels.bundled(Files.createTempDirectory("tramontane-onnx-cache"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return model;
    }
}
