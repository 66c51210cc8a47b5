package dev.tramontane.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.LittleEndian;
import dev.tramontane.engine.quant.Q8Activations;
import dev.tramontane.engine.quant.Quantizer;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The 8-bit activation path: integer block dot products must equal the float dot product of the
 * weights with the activations as quantized (d·q), up to float re-association (see
 * {@link VectorKernelsTest}); Q4_1/Q5_1 also carry the fp16 rounding of llama.cpp's stored block
 * sum s = d·Σq (half an fp16 ulp of |m·s| per block).
 */
class Q8ActivationPathTest {

    @ParameterizedTest
    @EnumSource(names = {"Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K"})
    void integerDotProductsEqualTheFloatDotWithTheQuantizedActivations(GgmlType type) {
        Random random = new Random(11 + type.id());
        int rows = 5;
        for (int cols : new int[] {256, 768}) {
            float[] w = new float[rows * cols];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) random.nextGaussian();
            }
            float[] x = new float[cols];
            for (int i = 0; i < cols; i++) {
                x[i] = (float) (random.nextGaussian() * (1 + i % 7));
            }
            MemorySegment data = MemorySegment.ofArray(Quantizer.quantize(type, w));
            WeightMatrix m = WeightMatrices.scalar(type, data, rows, cols);
            Q8Activations xq = new Q8Activations(cols);
            xq.quantize(x, 0);
            float[] xDequantized = new float[cols];
            boolean kQuant = type.blockSize() == 256;
            if (kQuant) {
                xq.dequantizeQ8K(xDequantized, 0);
            } else {
                xq.dequantizeQ8_0(xDequantized, 0);
            }
            float[] out = new float[rows];
            m.matvecQ8(x, xq, out, 0, rows);
            float[] row = new float[cols];
            for (int r = 0; r < rows; r++) {
                m.dequantizeRow(r, row, 0);
                double magnitude = 0;
                double maxW = 0;
                double sumOfM = 0;
                for (int i = 0; i < cols; i++) {
                    magnitude += Math.abs(xDequantized[i]);
                    maxW = Math.max(maxW, Math.abs(row[i]));
                }
                if (type == GgmlType.Q4_1 || type == GgmlType.Q5_1) {
                    for (int b = 0; b < cols / 32; b++) {
                        double blockSum = 0;
                        for (int i = 32 * b; i < 32 * b + 32; i++) {
                            blockSum += Math.abs(xDequantized[i]);
                        }
                        sumOfM += maxW * blockSum * Math.scalb(1.0, -11);
                    }
                }
                double expected = m.dot(r, xDequantized, 0);
                assertThat((double) m.dotQ8(r, x, xq)).as("%s row %d, %d cols", type, r, cols)
                        .isCloseTo(expected, Offset.offset(1e-5 * magnitude * maxW + sumOfM));
                assertThat(out[r]).isEqualTo(m.dotQ8(r, x, xq));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K"})
    void theVectorIntegerKernelAgreesWithItsScalarTwin(GgmlType type) {
        Random random = new Random(3 + type.id());
        int rows = 7;
        for (int cols : new int[] {256, 1280}) {
            float[] w = new float[rows * cols];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) random.nextGaussian();
            }
            float[] x = new float[cols];
            for (int i = 0; i < cols; i++) {
                x[i] = (float) random.nextGaussian();
            }
            MemorySegment data = MemorySegment.ofArray(Quantizer.quantize(type, w));
            WeightMatrix scalar = WeightMatrices.scalar(type, data, rows, cols);
            WeightMatrix fast = WeightMatrices.fast(type, data, rows, cols);
            Q8Activations xq = new Q8Activations(cols);
            xq.quantize(x, 0);
            float[] xDequantized = new float[cols];
            ActivationBlocks.of(type).round(xq, xDequantized, 0);
            float[] row = new float[cols];
            for (int r = 0; r < rows; r++) {
                scalar.dequantizeRow(r, row, 0);
                assertThat((double) fast.dotQ8(r, x, xq)).as("%s row %d, %d cols", type, r, cols)
                        .isCloseTo(scalar.dotQ8(r, x, xq), reassociation(row, xDequantized));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K"})
    void theVectorMatvecOnQuantizedActivationsGivesExactlyDotQ8PerRow(GgmlType type) {
        Random random = new Random(5 + type.id());
        int rows = 9;
        // 96 and 288 columns: an odd number of 32-value blocks, for kernels that take blocks in pairs.
        int[] widths = type.blockSize() == 256 ? new int[] {256, 512} : new int[] {32, 96, 288};
        for (int cols : widths) {
            float[] w = new float[rows * cols];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) random.nextGaussian();
            }
            float[] x = new float[cols];
            for (int i = 0; i < cols; i++) {
                x[i] = (float) random.nextGaussian();
            }
            WeightMatrix fast = WeightMatrices.fast(type, MemorySegment.ofArray(Quantizer.quantize(type, w)), rows, cols);
            Q8Activations xq = new Q8Activations(cols);
            xq.quantize(x, 0);
            float[] out = new float[rows + 2];
            fast.matvecQ8(x, xq, out, 1, rows);
            assertThat(out[0]).as("row before the range untouched").isZero();
            assertThat(out[rows]).as("row after the range untouched").isZero();
            for (int r = 1; r < rows; r++) {
                assertThat(out[r]).as("%s row %d, %d cols", type, r, cols).isEqualTo(fast.dotQ8(r, x, xq));
            }
        }
    }

    /**
     * The short-lane kernels keep 8-bit products in 16-bit lanes and add them in pairs there; at
     * the extremes (Q4_0 nibbles 0 → −8, Q8_0 quants −128 and 127, activations ±127 of one sign) a
     * lane holds up to 32512, so an overflow would show as an error of 2^16·d·d_x, far beyond the
     * re-association bound the vector and scalar kernels are held to.
     */
    @ParameterizedTest
    @EnumSource(names = {"Q4_0", "Q8_0"})
    void theVectorIntegerKernelDoesNotOverflowAtTheExtremes(GgmlType type) {
        int cols = 96;
        int blocks = cols / 32;
        int blockBytes = type == GgmlType.Q4_0 ? 18 : 34;
        byte[][] quantPatterns = type == GgmlType.Q4_0
                ? new byte[][] {{0x00}, {(byte) 0xFF}, {(byte) 0x0F}, {(byte) 0xF0}}
                : new byte[][] {{(byte) 0x80}, {0x7F}, {(byte) 0x80, 0x7F}, {(byte) 0x81}};
        int rows = quantPatterns.length;
        byte[] data = new byte[rows * blocks * blockBytes];
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < blocks; b++) {
                int at = (r * blocks + b) * blockBytes;
                short d = Float.floatToFloat16(0.5f + b);
                data[at] = (byte) d;
                data[at + 1] = (byte) (d >> 8);
                for (int j = 2; j < blockBytes; j++) {
                    data[at + j] = quantPatterns[r][j % quantPatterns[r].length];
                }
            }
        }
        WeightMatrix scalar = WeightMatrices.scalar(type, MemorySegment.ofArray(data), rows, cols);
        WeightMatrix fast = WeightMatrices.fast(type, MemorySegment.ofArray(data), rows, cols);
        for (float sign : new float[] {1f, -1f}) {
            float[] x = new float[cols];
            java.util.Arrays.fill(x, sign * 3f);
            Q8Activations xq = new Q8Activations(cols);
            xq.quantize(x, 0);
            float[] xDequantized = new float[cols];
            xq.dequantizeQ8_0(xDequantized, 0);
            float[] row = new float[cols];
            for (int r = 0; r < rows; r++) {
                scalar.dequantizeRow(r, row, 0);
                assertThat((double) fast.dotQ8(r, x, xq)).as("%s pattern %d, activations of sign %s", type, r, sign)
                        .isCloseTo(scalar.dotQ8(r, x, xq), reassociation(row, xDequantized));
            }
        }
    }

    /**
     * The same agreement once C2 has compiled the kernels: the other tests' small matrices may
     * finish before the JIT compiles anything, and the compiled code (intrinsified vector
     * operations, folded shifts and masks) is what decoding runs.
     */
    @ParameterizedTest
    @EnumSource(names = {"Q4_0", "Q8_0", "Q4_K", "Q5_K", "Q6_K"})
    void theVectorIntegerKernelStillAgreesWithItsScalarTwinAfterTheJitHasCompiledIt(GgmlType type) {
        Random random = new Random(41 + type.id());
        int rows = 16;
        int cols = 512;
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        float[] x = new float[cols];
        for (int i = 0; i < cols; i++) {
            x[i] = (float) (random.nextGaussian() * (1 + i % 5));
        }
        MemorySegment data = MemorySegment.ofArray(Quantizer.quantize(type, w));
        WeightMatrix scalar = WeightMatrices.scalar(type, data, rows, cols);
        WeightMatrix fast = WeightMatrices.fast(type, data, rows, cols);
        Q8Activations xq = new Q8Activations(cols);
        xq.quantize(x, 0);
        float[] out = new float[rows];
        for (int i = 0; i < 3_000; i++) {
            fast.matvecQ8(x, xq, out, 0, rows);
        }
        float[] xDequantized = new float[cols];
        ActivationBlocks.of(type).round(xq, xDequantized, 0);
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            scalar.dequantizeRow(r, row, 0);
            assertThat((double) out[r]).as("%s row %d after 3,000 products", type, r)
                    .isCloseTo(scalar.dotQ8(r, x, xq), reassociation(row, xDequantized));
        }
    }

    /**
     * Random bytes for whole blocks reach what a quantizer rarely writes (Q6_K quants at the −32
     * end, scales of −128, 5-bit quants at 31) and activations of ±127 the largest products, so the
     * short-lane kernels' 16-bit intermediate sums are checked at their limits. The bound is the
     * re-association one of {@link #theVectorIntegerKernelAgreesWithItsScalarTwin}; an overflowing
     * short sum would be off by a multiple of 65536·d·d_x, far outside it.
     */
    @ParameterizedTest
    @EnumSource(names = {"Q4_K", "Q5_K", "Q6_K"})
    void theVectorIntegerKernelAgreesWithItsScalarTwinOnEveryBitPattern(GgmlType type) {
        Random random = new Random(29 + type.id());
        int rows = 6;
        int cols = 1024;
        byte[] bytes = new byte[rows * (cols / 256) * type.typeSize()];
        random.nextBytes(bytes);
        MemorySegment data = MemorySegment.ofArray(bytes);
        for (int block = 0; block < rows * cols / 256; block++) {
            long offset = (long) block * type.typeSize();
            if (type == GgmlType.Q6_K) {
                LittleEndian.putF16(data, offset + 208, 0.001f + random.nextFloat() * 0.01f);
            } else {
                LittleEndian.putF16(data, offset, 0.001f + random.nextFloat() * 0.01f);
                LittleEndian.putF16(data, offset + 2, 0.001f + random.nextFloat() * 0.01f);
            }
        }
        float[] x = new float[cols];
        for (int i = 0; i < cols; i++) {
            x[i] = i < cols / 2 ? (random.nextBoolean() ? 1f : -1f) : (float) random.nextGaussian();
        }
        WeightMatrix scalar = WeightMatrices.scalar(type, data, rows, cols);
        WeightMatrix fast = WeightMatrices.fast(type, data, rows, cols);
        Q8Activations xq = new Q8Activations(cols);
        xq.quantize(x, 0);
        float[] xDequantized = new float[cols];
        xq.dequantizeQ8K(xDequantized, 0);
        float[] out = new float[rows];
        fast.matvecQ8(x, xq, out, 0, rows);
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            scalar.dequantizeRow(r, row, 0);
            assertThat((double) fast.dotQ8(r, x, xq)).as("%s row %d", type, r)
                    .isCloseTo(scalar.dotQ8(r, x, xq), reassociation(row, xDequantized));
            assertThat(out[r]).as("%s matvecQ8 row %d", type, r).isEqualTo(fast.dotQ8(r, x, xq));
        }
    }

    @Test
    void floatTypesUseTheFloatActivations() {
        float[] w = {1f, 2f, 3f, 4f};
        WeightMatrix m = WeightMatrices.of(GgmlType.F32, MemorySegment.ofArray(Quantizer.quantize(GgmlType.F32, pad(w))), 1, 32);
        float[] x = new float[32];
        x[0] = 0.3f;
        x[3] = 1.7f;
        Q8Activations xq = new Q8Activations(32);
        xq.quantize(x, 0);
        assertThat(m.dotQ8(0, x, xq)).isEqualTo(m.dot(0, x, 0)).isEqualTo(0.3f + 4f * 1.7f);
    }

    @Test
    void q8_0ActivationsRoundHalfToEvenWithScaleAmaxOver127() {
        // amax 127 gives scale 1 exactly, so x itself is what gets rounded.
        float[] x = new float[32];
        x[0] = 127f;
        x[1] = 2.5f;
        x[2] = 3.5f;
        x[3] = -2.5f;
        x[4] = 0.49f;
        Q8Activations xq = new Q8Activations(32);
        xq.quantize(x, 0);
        float[] back = new float[32];
        xq.dequantizeQ8_0(back, 0);
        assertThat(back[0]).isEqualTo(127f);
        assertThat(back[1]).isEqualTo(2f);
        assertThat(back[2]).isEqualTo(4f);
        assertThat(back[3]).isEqualTo(-2f);
        assertThat(back[4]).isEqualTo(0f);
    }

    @Test
    void q8KActivationsMapTheLargestMagnitudeToMinus127AndRoundHalfToEven() {
        float[] x = new float[256];
        x[5] = -254f; // largest magnitude: iscale = -127 / -254 = 0.5, d = 2
        x[6] = 5f;    // 2.5 rounds to even: 2
        x[17] = 7f;   // 3.5 rounds to even: 4
        Q8Activations xq = new Q8Activations(256);
        xq.quantize(x, 0);
        float[] back = new float[256];
        xq.dequantizeQ8K(back, 0);
        assertThat(back[5]).isEqualTo(-254f);
        assertThat(back[6]).isEqualTo(4f);
        assertThat(back[17]).isEqualTo(8f);
    }

    @Test
    void refusesActivationsOfTheWrongLength() {
        WeightMatrix m = WeightMatrices.scalar(GgmlType.Q8_0, MemorySegment.ofArray(Quantizer.quantize(GgmlType.Q8_0, new float[64])), 1, 64);
        Q8Activations xq = new Q8Activations(32);
        assertThatThrownBy(() -> m.dotQ8(0, new float[32], xq)).hasMessageContaining("length 32").hasMessageContaining("64");
    }

    private static float[] pad(float[] w) {
        float[] p = new float[32];
        System.arraycopy(w, 0, p, 0, w.length);
        return p;
    }

    /**
     * The float re-association bound the vector kernels are held to against their scalar twins:
     * 10⁻⁵ · Σ|x̂| · max|w| over the row (see the class comment).
     */
    private static Offset<Double> reassociation(float[] row, float[] xDequantized) {
        double magnitude = 0;
        double maxW = 0;
        for (int i = 0; i < row.length; i++) {
            magnitude += Math.abs(xDequantized[i]);
            maxW = Math.max(maxW, Math.abs(row[i]));
        }
        return Offset.offset(1e-5 * magnitude * maxW);
    }
}
