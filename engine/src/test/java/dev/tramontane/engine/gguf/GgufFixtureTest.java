package dev.tramontane.engine.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.Fixtures;
import dev.tramontane.engine.quant.GgmlType;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Reads the GGUF files llama.cpp's tools wrote. */
class GgufFixtureTest {

    @Test
    void stories260KOpensWithItsHyperparametersVocabularyAndTensors() throws IOException {
        try (GgufFile gguf = GgufFile.open(Fixtures.require("models/stories260K.gguf"))) {
            GgufMetadata m = gguf.metadata();
            assertThat(m.getString("general.architecture")).isEqualTo("llama");
            assertThat(m.getInt("llama.embedding_length")).isEqualTo(64);
            assertThat(m.getInt("llama.block_count")).isEqualTo(5);
            assertThat(m.getInt("llama.attention.head_count")).isEqualTo(8);
            assertThat(m.getInt("llama.attention.head_count_kv")).isEqualTo(4);
            assertThat(m.getStringArray("tokenizer.ggml.tokens")).hasSize(512);
            assertThat(m.getFloatArray("tokenizer.ggml.scores")).hasSize(512);
            GgufTensorInfo embd = gguf.tensor("token_embd.weight").orElseThrow();
            assertThat(embd.dims()).containsExactly(64, 512);
            assertThat(embd.type()).isEqualTo(GgmlType.F32);
            assertThat(gguf.tensorData(embd).byteSize()).isEqualTo(64L * 512 * 4);
        }
    }

    @Test
    void everyModelFixtureOpensAndItsTensorsLieInsideTheFile() throws IOException {
        for (String name : new String[] {"stories260K-moe4x2.gguf", "tiny-mixtral-f32.gguf", "tiny-mixtral-split-f16.gguf",
                "tiny-mixtral-q8_0.gguf", "tiny-mixtral-q4_0.gguf", "tiny-mixtral-q4_k_m.gguf", "tiny-mixtral-q6_k.gguf",
                "tiny-dense-q5_k_m.gguf", "mistral-vocab-mixtral-f16.gguf"}) {
            try (GgufFile gguf = GgufFile.open(Fixtures.require("models/" + name))) {
                assertThat(gguf.version()).as(name).isIn(2, 3);
                assertThat(gguf.tensors()).as(name).isNotEmpty();
                for (GgufTensorInfo t : gguf.tensors()) {
                    assertThat(gguf.dataStart() + t.offset() + t.byteSize()).as(t.name()).isLessThanOrEqualTo(gguf.fileSize());
                }
            }
        }
    }
}
