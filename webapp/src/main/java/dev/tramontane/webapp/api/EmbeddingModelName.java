package dev.tramontane.webapp.api;

import org.springframework.ai.embedding.EmbeddingModel;

/** The id the embeddings endpoint reports: the bundled model's name, or the configured ONNX model's class. */
final class EmbeddingModelName {

    static final String BUNDLED = "all-minilm-l6-v2";

    private EmbeddingModelName() {}

    static String of(EmbeddingModel model) {
        return model.dimensions() == 384 ? BUNDLED : "onnx-embedding-" + model.dimensions();
    }
}
