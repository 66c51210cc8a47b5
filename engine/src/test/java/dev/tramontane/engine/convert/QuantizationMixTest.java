package dev.tramontane.engine.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.quant.GgmlType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuantizationMixTest {

    private static final long[] MATRIX = {4096, 4096};

    @Test
    void givesMoreBitsToTheFirstAndLastEighthAndEveryThirdLayerBetween() {
        List<Integer> more = new ArrayList<>();
        for (int l = 0; l < 32; l++) {
            if (QuantizationMix.useMoreBits(l, 32)) {
                more.add(l);
            }
        }
        assertThat(more).containsExactly(0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31);
    }

    @Test
    void q4KMOfADenseModelBumpsAttentionValuesAndFfnDownOfChosenLayersToQ6K() {
        QuantizationMix m = QuantizationMix.Q4_K_M;
        assertThat(m.typeOf("blk.0.attn_v.weight", MATRIX, GgmlType.F16, 32, 0, true)).isEqualTo(GgmlType.Q6_K);
        assertThat(m.typeOf("blk.4.attn_v.weight", MATRIX, GgmlType.F16, 32, 0, true)).isEqualTo(GgmlType.Q4_K);
        assertThat(m.typeOf("blk.6.ffn_down.weight", MATRIX, GgmlType.F16, 32, 0, true)).isEqualTo(GgmlType.Q6_K);
        assertThat(m.typeOf("blk.7.ffn_down.weight", MATRIX, GgmlType.F16, 32, 0, true)).isEqualTo(GgmlType.Q4_K);
        assertThat(m.typeOf("blk.7.attn_k.weight", MATRIX, GgmlType.F16, 32, 0, true)).isEqualTo(GgmlType.Q4_K);
        assertThat(m.typeOf("blk.7.attn_output.weight", MATRIX, GgmlType.F16, 32, 0, true)).isEqualTo(GgmlType.Q4_K);
        assertThat(m.typeOf("output.weight", MATRIX, GgmlType.F16, 32, 0, true)).isEqualTo(GgmlType.Q6_K);
        assertThat(m.typeOf("blk.7.attn_norm.weight", new long[] {4096}, GgmlType.F32, 32, 0, true)).isEqualTo(GgmlType.F32);
    }

    @Test
    void withoutAnOutputMatrixTheEmbeddingIsTreatedAsTheClassifier() {
        assertThat(QuantizationMix.Q4_0.typeOf("token_embd.weight", MATRIX, GgmlType.F16, 2, 0, false)).isEqualTo(GgmlType.Q6_K);
        assertThat(QuantizationMix.Q4_0.typeOf("token_embd.weight", MATRIX, GgmlType.F16, 2, 0, true)).isEqualTo(GgmlType.Q4_0);
        assertThat(QuantizationMix.Q8_0.typeOf("output.weight", MATRIX, GgmlType.F16, 2, 0, true)).isEqualTo(GgmlType.Q8_0);
    }

    @Test
    void kQuantRowsThatAreNotMultiplesOf256FallBackAsLlamaCppDoes() {
        long[] odd = {4160, 64};
        assertThat(QuantizationMix.Q4_K_M.typeOf("blk.4.attn_q.weight", odd, GgmlType.F16, 32, 0, true)).isEqualTo(GgmlType.Q5_0);
        assertThat(QuantizationMix.Q5_K_M.typeOf("blk.4.attn_q.weight", odd, GgmlType.F16, 32, 0, true)).isEqualTo(GgmlType.Q5_1);
        assertThat(QuantizationMix.Q6_K.typeOf("blk.4.attn_q.weight", odd, GgmlType.F16, 32, 0, true)).isEqualTo(GgmlType.Q8_0);
        assertThatThrownBy(() -> QuantizationMix.Q4_0.typeOf("blk.4.attn_q.weight", new long[] {100, 4}, GgmlType.F16, 32, 0, true))
                .hasMessageContaining("blk.4.attn_q.weight").hasMessageContaining("multiple of 32");
    }
}
