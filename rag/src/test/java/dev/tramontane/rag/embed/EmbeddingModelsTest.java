package dev.tramontane.rag.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.transformers.TransformersEmbeddingModel;

class EmbeddingModelsTest {

    @TempDir
    static Path cache;

    static TransformersEmbeddingModel model;

    @BeforeAll
    static void load() {
        model = EmbeddingModels.bundled(cache);
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void bundledModelEmbedsOfflineInto384DimensionsAndParaphrasesAreCloserThanUnrelatedText() {
        List<float[]> vectors = model.embed(List.of(
                "The cat sat on the mat.",
                "A kitten was sitting on the rug.",
                "Quarterly revenue of the bank rose by four percent."));
        assertThat(model.dimensions()).isEqualTo(384);
        assertThat(vectors).allSatisfy(v -> assertThat(v).hasSize(384));
        assertThat(cosine(vectors.get(0), vectors.get(1))).isGreaterThan(cosine(vectors.get(0), vectors.get(2)) + 0.2);
    }

    @Test
    void aBatchGivesTheSameVectorsAsOneTextAtATime() {
        String shortText = "Lyon is a city in France.";
        String longText = "The Rhine flows from the Swiss Alps through Germany and the Netherlands into the North Sea, "
                + "carrying barges loaded with coal, grain and containers.";
        List<float[]> batch = model.embed(List.of(shortText, longText));
        assertThat(cosine(batch.get(0), model.embed(shortText))).isGreaterThan(0.999);
        assertThat(cosine(batch.get(1), model.embed(longText))).isGreaterThan(0.999);
    }

    @Test
    void aUserSuppliedOnnxModelOnDiskLoadsThroughTheSamePathAndGivesTheSameVectors() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(cache.resolve("user-model"));
        java.nio.file.Path modelFile = dir.resolve("model.onnx");
        java.nio.file.Path tokenizerFile = dir.resolve("tokenizer.json");
        try (var in = EmbeddingModelsTest.class.getResourceAsStream("/all-minilm-l6-v2.onnx")) {
            java.nio.file.Files.copy(in, modelFile);
        }
        try (var in = EmbeddingModelsTest.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            java.nio.file.Files.copy(in, tokenizerFile);
        }
        try (TransformersEmbeddingModel user = EmbeddingModels.onnx(modelFile, tokenizerFile, cache.resolve("user-cache"))) {
            String text = "Der Rhein fließt durch Basel.";
            assertThat(cosine(user.embed(text), model.embed(text))).isGreaterThan(0.9999);
        }
    }

    @Test
    void aMissingUserModelFileIsReportedByName() {
        java.nio.file.Path missing = cache.resolve("nope.onnx");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddingModels.onnx(missing, missing, cache))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.onnx");
    }

    @Test
    void textLongerThanTheModelWindowIsTruncatedInsteadOfFailing() {
        String longText = "word ".repeat(2000);
        assertThat(model.embed(longText)).hasSize(384);
    }
}
