package dev.tramontane.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.rag.embed.EmbeddingModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.TokenCountBatchingStrategy;

class BackgroundEmbeddingModelTest {

    @TempDir
    Path dir;

    @Test
    void answersExactlyAsTheBundledModelBuiltDirectly() {
        BackgroundEmbeddingModel background = new BackgroundEmbeddingModel(() -> EmbeddingModels.bundled(dir.resolve("a")));
        EmbeddingModel direct = EmbeddingModels.bundled(dir.resolve("b"));
        String text = "The harbour tug leaves at dawn.";
        List<Document> documents = List.of(new Document("Le remorqueur quitte le port à l'aube."), new Document("Hafen"));

        assertThat(background.dimensions()).isEqualTo(384);
        assertThat(background.embed(text)).containsExactly(direct.embed(text));
        List<float[]> viaBackground = background.embed(documents, EmbeddingOptions.builder().build(), new TokenCountBatchingStrategy());
        List<float[]> viaDirect = direct.embed(documents, EmbeddingOptions.builder().build(), new TokenCountBatchingStrategy());
        assertThat(viaBackground).hasSize(2);
        assertThat(viaBackground.get(1)).containsExactly(viaDirect.get(1));
        assertThat(background.ready()).isTrue();
    }

    @Test
    void aModelThatCannotBeBuiltFailsEachUseWithTheReason() {
        BackgroundEmbeddingModel broken = new BackgroundEmbeddingModel(() -> {
            throw new IllegalArgumentException("onnx file is corrupt");
        });
        assertThatThrownBy(() -> broken.embed("Hafen"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the embedding model could not be loaded: onnx file is corrupt");
    }
}
