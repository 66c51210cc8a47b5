package dev.tramontane.engine.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.tramontane.engine.tensor.WeightMatrices;
import dev.tramontane.engine.tensor.WeightMatrix;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-built blocks with known bytes decode to the values the GGML format definition gives.
 * Expected values are worked out by hand from the layout tables (see each codec's comment), not
 * produced by the code under test. Every block is read three ways: {@link Dequantizer}, and the
 * scalar and fast {@link WeightMatrix} (row decode and a dot product with a unit vector).
 */
class BlockLayoutTest {

    private static final int F16_ONE = 0x3C00, F16_HALF = 0x3800, F16_TWO = 0x4000, F16_QUARTER = 0x3400, F16_MINUS_ONE = 0xBC00;

    @Test
    void f32IsLittleEndianIeeeSingle() {
        byte[] b = {0x00, 0x00, (byte) 0xC0, 0x3F, 0x00, 0x00, 0x20, (byte) 0xC1};
        assertDecodes(GgmlType.F32, b, 2, Map.of(0, 1.5f, 1, -10f));
    }

    @Test
    void f16IsLittleEndianIeeeHalfIncludingSubnormalsAndInfinity() {
        byte[] b = new byte[8];
        half(b, 0, F16_ONE);
        half(b, 2, 0xC000);
        half(b, 4, 0x0001);
        half(b, 6, 0x7C00);
        assertDecodes(GgmlType.F16, b, 3, Map.of(0, 1f, 1, -2f, 2, 0x1p-24f)); // dot products with inf are NaN: decode only
        float[] out = new float[4];
        Dequantizer.dequantize(GgmlType.F16, MemorySegment.ofArray(b), 0, 4, out, 0);
        assertThat(out[3]).isEqualTo(Float.POSITIVE_INFINITY);
    }

    @Test
    void bf16IsTheUpperHalfOfAFloat() {
        byte[] b = new byte[6];
        half(b, 0, 0x3F80);
        half(b, 2, 0xC040);
        half(b, 4, 0x3E20);
        assertDecodes(GgmlType.BF16, b, 3, Map.of(0, 1f, 1, -3f, 2, 0.15625f));
    }

    @Test
    void q8_0IsAnFp16ScaleTimesSignedBytes() {
        byte[] b = new byte[34];
        half(b, 0, F16_HALF);
        b[2] = (byte) 0x80;
        b[3] = 127;
        b[33] = 2;
        assertDecodes(GgmlType.Q8_0, b, 32, Map.of(0, -64f, 1, 63.5f, 31, 1f, 5, 0f));
    }

    @Test
    void q4_0StoresWeightJInTheLowNibbleAndWeightJPlus16InTheHighNibbleAroundEight() {
        byte[] b = new byte[18];
        half(b, 0, F16_TWO);
        for (int j = 0; j < 16; j++) {
            b[2 + j] = (byte) 0x88;
        }
        b[2] = 0x1F;
        b[2 + 15] = (byte) 0x80;
        assertDecodes(GgmlType.Q4_0, b, 32, Map.of(0, 14f, 16, -14f, 15, -16f, 31, 0f, 7, 0f));
    }

    @Test
    void q4_1AddsTheFp16MinimumToScaledUnsignedNibbles() {
        byte[] b = new byte[20];
        half(b, 0, F16_HALF);
        half(b, 2, F16_MINUS_ONE);
        b[4] = 0x3A;
        assertDecodes(GgmlType.Q4_1, b, 32, Map.of(0, 4f, 16, 0.5f, 1, -1f, 31, -1f));
    }

    @Test
    void q5_0TakesTheFifthBitOfWeightIFromBitIOfQh() {
        byte[] b = new byte[22];
        half(b, 0, F16_ONE);
        b[2] = 0x01;
        b[4] = 0x01; // qh = 0x00010001: weights 0 and 16
        b[6] = 0x2F;
        assertDecodes(GgmlType.Q5_0, b, 32, Map.of(0, 15f, 16, 2f, 1, -16f, 17, -16f));
    }

    @Test
    void q5_1PutsTheFifthBitOfWeight31InTheTopBitOfQh() {
        byte[] b = new byte[24];
        half(b, 0, F16_QUARTER);
        half(b, 2, F16_ONE);
        b[7] = (byte) 0x80; // qh = 0x80000000
        b[8 + 15] = (byte) 0xF0;
        assertDecodes(GgmlType.Q5_1, b, 32, Map.of(15, 1f, 31, 8.75f, 0, 1f));
    }

    @Test
    void q2_KPacksFourWeightsPerByteWithNibbleScaleAndMinPerSixteen() {
        byte[] b = new byte[84];
        b[0] = 0x21; // sub-block 0: scale 1, min 2
        b[5] = 0x03; // sub-block 5: scale 3, min 0
        b[8] = (byte) 0xF2; // sub-block 8: scale 2, min 15
        b[16 + 16] = 0x30; // qs[16] bits 4-5 = 3: weight 80 (h0, j2, t16)
        b[16 + 34] = 0x02; // qs[34] bits 0-1 = 2: weight 130 (h1, j0, t2)
        half(b, 80, F16_HALF);
        half(b, 82, F16_QUARTER);
        assertDecodes(GgmlType.Q2_K, b, 256, Map.of(0, -0.5f, 1, -0.5f, 80, 4.5f, 130, -1.75f, 16, 0f, 32, 0f));
    }

    @Test
    void q3_KSubtractsFourWhenTheHighMaskBitIsClearAndStoresScalesPlus32() {
        byte[] b = new byte[110];
        for (int i = 0; i < 4; i++) {
            b[96 + 8 + i] = (byte) 0xAA; // every scale's high bits = 2, low nibble 0: stored 32, scale 0
        }
        b[96] = 0x01; // scale 0 = 33 - 32 = 1
        b[96 + 1] = (byte) 0xD0; // scale 9 low nibble 0xD
        b[96 + 9] = (byte) 0x9A; // scale 9 high bits (bits 4-5) = 1: stored 29, scale -3
        b[32] = 0x03; // weight 0: low 3, mask clear -> -1
        b[32 + 1] = 0x01;
        b[1] = 0x01; // weight 1: low 1, mask set -> 1
        b[32 + 48] = 0x02; // weight 144 (h1, j0, t16): low 2
        b[16] = 0x10; // hmask[16] bit 4 (h1, j0): set -> 2
        half(b, 108, F16_ONE);
        assertDecodes(GgmlType.Q3_K, b, 256, Map.of(0, -1f, 1, 1f, 2, -4f, 3, -4f, 144, -6f, 16, -0f)); // 0 * -4 is -0 in IEEE, as in GGML
    }

    @Test
    void q4_KUsesSixBitScalesAndMinsPackedAcrossTwelveBytes() {
        byte[] b = new byte[144];
        half(b, 0, F16_ONE);
        half(b, 2, F16_HALF);
        b[4] = 2; // scale 0
        b[4 + 4] = 3; // min 0
        b[4 + 9] = 0x13; // scale 5 low bits 3, min 5 low bits 1
        b[4 + 1] = 0x40; // scale 5 bits 4-5 = 1 -> 19
        b[4 + 5] = (byte) 0x80; // min 5 bits 4-5 = 2 -> 33
        b[16] = 0x0A; // weight 0 = 10, weight 32 = 0
        b[16 + 69] = 0x70; // chunk 2, l = 5, high nibble: weight 165 = 7
        assertDecodes(GgmlType.Q4_K, b, 256, Map.of(0, 18.5f, 1, -1.5f, 32, 0f, 165, 116.5f, 133, 0f));
    }

    @Test
    void q5_KTakesTheFifthBitOfChunkCFromBit2cOrBit2cPlus1OfQh() {
        byte[] b = new byte[176];
        half(b, 0, F16_HALF);
        half(b, 2, F16_ONE);
        b[4] = 4; // scale 0
        b[4 + 4] = 1; // min 0
        b[4 + 10] = 0x21; // scale 6 = 1, min 6 = 2
        b[16] = 0x01; // qh[0] bit 0: weight 0 gets +16
        b[16 + 8] = 0x40; // qh[8] bit 6: weight 200 (chunk 3, low nibble) gets +16
        b[48] = 0x05;
        b[48 + 96 + 8] = 0x03;
        assertDecodes(GgmlType.Q5_K, b, 256, Map.of(0, 41f, 1, -1f, 33, 0f, 200, 7.5f));
    }

    @Test
    void q6_KSplitsSixBitQuantsIntoNibblesAndTwoBitPairsWithSignedScales() {
        byte[] b = new byte[210];
        b[0] = 0x0F;
        b[128] = 0x03; // weight 0: 63
        b[80] = 0x50; // weight 208 (h1, k2, l16): low 4 bits from ql[80] high nibble = 5
        b[128 + 48] = 0x20; // qh[48] bits 4-5 = 2 -> q = 37
        b[192] = 2;
        b[192 + 13] = (byte) 0xFD; // scale 13 = -3
        half(b, 208, F16_HALF);
        assertDecodes(GgmlType.Q6_K, b, 256, Map.of(0, 31f, 1, -32f, 15, -32f, 208, -7.5f, 16, -0f)); // (d * 0) * (0 - 32) is -0 in IEEE, as in GGML
    }

    private static void half(byte[] b, int at, int bits) {
        b[at] = (byte) bits;
        b[at + 1] = (byte) (bits >>> 8);
    }

    private static void assertDecodes(GgmlType type, byte[] bytes, int n, Map<Integer, Float> expected) {
        MemorySegment seg = MemorySegment.ofArray(bytes);
        float[] viaDequantizer = new float[n];
        Dequantizer.dequantize(type, seg, 0, n, viaDequantizer, 0);
        for (WeightMatrix m : new WeightMatrix[] {WeightMatrices.scalar(type, seg, 1, n), WeightMatrices.fast(type, seg, 1, n)}) {
            float[] row = new float[n];
            m.dequantizeRow(0, row, 0);
            assertThat(row).as("%s row of %s", type, m).containsExactly(viaDequantizer);
            expected.forEach((i, v) -> {
                float[] unit = new float[n];
                unit[i] = 1f;
                // +0 and -0 are the same dot product (0 + -0 = +0)
                assertThat(m.dot(0, unit, 0)).as("%s dot with unit %d via %s", type, i, m).isCloseTo(v, offset(0f));
            });
        }
        expected.forEach((i, v) -> assertThat(viaDequantizer[i]).as("%s weight %d", type, i).isEqualTo(v));
    }
}
