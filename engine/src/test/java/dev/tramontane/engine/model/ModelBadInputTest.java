package dev.tramontane.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.gguf.GgufFormatException;
import dev.tramontane.engine.gguf.GgufValue;
import dev.tramontane.engine.quant.GgmlType;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model file whose tensors or hyperparameters do not fit together fails to load with a message naming the culprit. */
class ModelBadInputTest {

    @TempDir
    Path dir;

    private Path valid;

    @BeforeEach
    void writeValidModel() throws IOException {
        valid = dir.resolve("valid.gguf");
        SyntheticModel.write(valid, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, GgmlType.F32, 1));
    }

    private Path damaged(GgufRewriter rewriter) throws IOException {
        Path file = dir.resolve("damaged.gguf");
        rewriter.rewrite(valid, file);
        return file;
    }

    @Test
    void theUndamagedCopyLoads() throws IOException {
        try (Model model = Model.load(damaged(new GgufRewriter()))) {
            assertThat(model.config().expertCount()).isEqualTo(4);
        }
    }

    @Test
    void aMissingTensorIsNamed() throws IOException {
        Path file = damaged(new GgufRewriter().drop("blk.1.attn_v.weight"));
        assertThatThrownBy(() -> Model.load(file)).isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("has no tensor blk.1.attn_v.weight");
    }

    @Test
    void missingExpertTensorsAreNamed() throws IOException {
        Path file = damaged(new GgufRewriter().drop("blk.0.ffn_gate_exps.weight"));
        assertThatThrownBy(() -> Model.load(file)).isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("layer 0").hasMessageContaining("4 experts").hasMessageContaining("ffn_gate_exps");
    }

    @Test
    void aShapeThatContradictsTheHyperparametersIsNamed() throws IOException {
        Path file = damaged(new GgufRewriter().set("llama.attention.head_count_kv", GgufValue.ofUint32(4)));
        assertThatThrownBy(() -> Model.load(file)).isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("tensor blk.0.attn_k.weight has shape [256, 128], expected [256, 256]");
    }

    @Test
    void anExpertCountThatContradictsTheExpertTensorsIsNamed() throws IOException {
        Path file = damaged(new GgufRewriter().set("llama.expert_count", GgufValue.ofUint32(8)));
        assertThatThrownBy(() -> Model.load(file)).isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("blk.0.ffn_gate_inp.weight").hasMessageContaining("expected [256, 8]");
    }

    @Test
    void anUnsupportedTensorTypeIsNamedWithTheSupportedOnes() throws IOException {
        Path file = damaged(new GgufRewriter().retype("blk.1.ffn_down_exps.weight", GgmlType.IQ2_XS));
        assertThatThrownBy(() -> Model.load(file)).isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("tensor blk.1.ffn_down_exps.weight has type IQ2_XS (17), which Tramontane does not support; supported: F32, F16");
    }

    @Test
    void anotherArchitectureIsRefused() throws IOException {
        Path file = damaged(new GgufRewriter().set("general.architecture", GgufValue.ofString("gemma3")));
        assertThatThrownBy(() -> Model.load(file)).isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("\"gemma3\"").hasMessageContaining("only \"llama\"");
    }

    @Test
    void aMissingHyperparameterIsNamed() throws IOException {
        Path file = damaged(new GgufRewriter().remove("llama.block_count"));
        assertThatThrownBy(() -> Model.load(file)).isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("llama.block_count is missing");
    }

    @Test
    void aHyperparameterOfTheWrongTypeIsNamed() throws IOException {
        Path file = damaged(new GgufRewriter().set("llama.embedding_length", GgufValue.ofString("wide")));
        assertThatThrownBy(() -> Model.load(file)).isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("llama.embedding_length holds a STRING, expected an integer");
    }

    @Test
    void inconsistentHeadCountsAreRefused() throws IOException {
        Path file = damaged(new GgufRewriter().set("llama.attention.head_count_kv", GgufValue.ofUint32(3)));
        assertThatThrownBy(() -> Model.load(file)).isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("head_count 4 is not a multiple of head_count_kv 3");
    }

    @Test
    void yarnRopeScalingIsRefusedRatherThanRunWrongly() throws IOException {
        Path file = damaged(new GgufRewriter().set("llama.rope.scaling.type", GgufValue.ofString("yarn")));
        assertThatThrownBy(() -> Model.load(file)).isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("rope.scaling.type = \"yarn\"").hasMessageContaining("none and linear");
    }

    @Test
    void aKvCacheLargerThanTheHeapIsRefusedBeforeAllocating() throws IOException {
        try (Model model = Model.load(valid)) {
            long perPosition = KvCacheType.DEFAULT.bytesPerPosition(model.config());
            int positions = (int) Math.min(Integer.MAX_VALUE / 256 - 8, Runtime.getRuntime().maxMemory() / perPosition + 1024);
            assertThatThrownBy(() -> model.newKvCache(positions))
                    .hasMessageContaining("positions needs").hasMessageContaining(perPosition + " per position")
                    .hasMessageContaining("-Xmx");
        }
    }

    @Test
    void aTokenOutsideTheVocabularyOrAPositionOutsideTheCacheIsRefused() throws IOException {
        try (Model model = Model.load(valid)) {
            KvCache cache = model.newKvCache(4);
            assertThatThrownBy(() -> model.forward(64, 0, cache)).hasMessageContaining("token 64 is outside the vocabulary of 64");
            assertThatThrownBy(() -> model.forward(1, 4, cache)).hasMessageContaining("position 4 is outside the KV cache of 4");
        }
    }
}
