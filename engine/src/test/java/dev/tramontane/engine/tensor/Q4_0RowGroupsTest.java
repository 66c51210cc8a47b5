package dev.tramontane.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Q8Activations;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Q4_0 repacked eight rows at a time ({@link Q4_0RowGroups}): the decode products must agree with
 * the scalar kernel on the file's layout up to float re-association, whatever the row range asked
 * for, on every bit pattern of the quants and on fp16 scales from subnormal to the largest.
 */
class Q4_0RowGroupsTest {

    private static final int BLOCK = 18;

    @Test
    void repackedProductsAgreeWithTheScalarKernelOnRandomBlocks() {
        Random random = new Random(17);
        for (int cols : new int[] {32, 256, 4096}) {
            int rows = 24;
            byte[] bytes = randomBlocks(random, rows, cols);
            WeightMatrix scalar = WeightMatrices.scalar(GgmlType.Q4_0, MemorySegment.ofArray(bytes), rows, cols);
            WeightMatrix fast = repacked(bytes, rows, cols);
            for (int trial = 0; trial < 3; trial++) {
                float[] x = activations(random, cols, trial);
                Q8Activations xq = new Q8Activations(cols);
                xq.quantize(x, 0);
                float[] out = new float[rows];
                fast.matvecQ8(x, xq, out, 0, rows);
                for (int r = 0; r < rows; r++) {
                    assertThat((double) out[r]).as("%d cols, row %d, trial %d", cols, r, trial)
                            .isCloseTo(scalar.dotQ8(r, x, xq), reassociation(scalar, r, xq));
                }
            }
        }
    }

    @Test
    void anyRowRangeGivesExactlyTheValuesOfTheWholeProductAndTouchesNothingElse() {
        Random random = new Random(23);
        int rows = 32, cols = 512;
        byte[] bytes = randomBlocks(random, rows, cols);
        WeightMatrix fast = repacked(bytes, rows, cols);
        float[] x = activations(random, cols, 0);
        Q8Activations xq = new Q8Activations(cols);
        xq.quantize(x, 0);
        float[] whole = new float[rows];
        fast.matvecQ8(x, xq, whole, 0, rows);
        int[][] ranges = {{0, 3}, {3, 8}, {1, 7}, {5, 19}, {8, 16}, {13, 32}, {31, 32}, {0, 32}};
        for (int[] range : ranges) {
            float[] out = new float[rows];
            java.util.Arrays.fill(out, Float.NaN);
            fast.matvecQ8(x, xq, out, range[0], range[1]);
            for (int r = 0; r < rows; r++) {
                if (r >= range[0] && r < range[1]) {
                    assertThat(out[r]).as("row %d of [%d, %d)", r, range[0], range[1]).isEqualTo(whole[r]);
                } else {
                    assertThat(out[r]).as("row %d outside [%d, %d)", r, range[0], range[1]).isNaN();
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            assertThat(fast.dotQ8(r, x, xq)).as("dotQ8 of row %d", r).isEqualTo(whole[r]);
        }
    }

    /**
     * Nibbles all 0 (−8) or all 15 (+7) against activations of ±127 of one sign give the largest
     * short-lane sums (16·15·127 = 30,480); fp16 scales subnormal, negative, zero and 65,504 check
     * the kernel's vector fp16 widening, which must give the same floats as {@link Float#float16ToFloat}.
     */
    @Test
    void extremeQuantsAndScalesAgreeWithTheScalarKernel() {
        int rows = 16, cols = 128;
        short[] scales = {0x0001, 0x03FF, 0x0400, (short) 0x8001, (short) 0x8000, 0x0000, 0x7BFF, (short) 0xFBFF,
            0x3C00, (short) 0xBC00, 0x1234, (short) 0x9234, 0x0200, 0x7000, 0x2E66, (short) 0xAE66};
        byte[][] patterns = {{0x00}, {(byte) 0xFF}, {0x0F}, {(byte) 0xF0}, {0x08, (byte) 0x80}};
        byte[] bytes = new byte[rows * (cols / 32) * BLOCK];
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < cols / 32; b++) {
                int at = (r * (cols / 32) + b) * BLOCK;
                short d = scales[(r + b) % scales.length];
                bytes[at] = (byte) d;
                bytes[at + 1] = (byte) (d >> 8);
                byte[] pattern = patterns[(r + 3 * b) % patterns.length];
                for (int j = 2; j < BLOCK; j++) {
                    bytes[at + j] = pattern[j % pattern.length];
                }
            }
        }
        WeightMatrix scalar = WeightMatrices.scalar(GgmlType.Q4_0, MemorySegment.ofArray(bytes), rows, cols);
        WeightMatrix fast = repacked(bytes, rows, cols);
        for (float sign : new float[] {1f, -1f}) {
            float[] x = new float[cols];
            java.util.Arrays.fill(x, sign * 2.5f);
            Q8Activations xq = new Q8Activations(cols);
            xq.quantize(x, 0);
            float[] out = new float[rows];
            fast.matvecQ8(x, xq, out, 0, rows);
            for (int r = 0; r < rows; r++) {
                assertThat((double) out[r]).as("row %d, activations of sign %s", r, sign)
                        .isCloseTo(scalar.dotQ8(r, x, xq), reassociation(scalar, r, xq));
            }
        }
    }

    /** The same agreement in the code C2 compiles, which is what decoding runs. */
    @Test
    void repackedProductsStillAgreeAfterTheJitHasCompiledThem() {
        Random random = new Random(31);
        int rows = 16, cols = 1024;
        byte[] bytes = randomBlocks(random, rows, cols);
        WeightMatrix scalar = WeightMatrices.scalar(GgmlType.Q4_0, MemorySegment.ofArray(bytes), rows, cols);
        WeightMatrix fast = repacked(bytes, rows, cols);
        float[] x = activations(random, cols, 1);
        Q8Activations xq = new Q8Activations(cols);
        xq.quantize(x, 0);
        float[] out = new float[rows];
        for (int i = 0; i < 3_000; i++) {
            fast.matvecQ8(x, xq, out, 0, rows);
        }
        for (int r = 0; r < rows; r++) {
            assertThat((double) out[r]).as("row %d after 3,000 products", r)
                    .isCloseTo(scalar.dotQ8(r, x, xq), reassociation(scalar, r, xq));
        }
    }

    @Test
    void onlyWholeGroupsOfEightRowsAreRepackedAndAWrongCopyIsRefused() {
        Random random = new Random(5);
        WeightMatrix twelveRows = WeightMatrices.fast(GgmlType.Q4_0, MemorySegment.ofArray(randomBlocks(random, 12, 64)), 12, 64);
        assertThat(twelveRows.repackedBytes()).isZero();
        assertThatThrownBy(() -> twelveRows.repackRows(MemorySegment.ofArray(new byte[12 * 2 * BLOCK]), 0, 8))
                .isInstanceOf(UnsupportedOperationException.class);

        WeightMatrix sixteenRows = WeightMatrices.fast(GgmlType.Q4_0, MemorySegment.ofArray(randomBlocks(random, 16, 64)), 16, 64);
        assertThat(sixteenRows.repackedBytes()).isEqualTo(16L * 2 * BLOCK);
        assertThatThrownBy(() -> sixteenRows.repackRows(MemorySegment.ofArray(new byte[16 * 2 * BLOCK]), 4, 12))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> sixteenRows.useRepacked(MemorySegment.ofArray(new byte[8 * 2 * BLOCK])))
                .isInstanceOf(UnsupportedOperationException.class);

        WeightMatrix f32 = WeightMatrices.fast(GgmlType.F32, MemorySegment.ofArray(new byte[16 * 64 * 4]), 16, 64);
        assertThat(f32.repackedBytes()).isZero();
    }

    /** The fast Q4_0 matrix over {@code bytes}, repacked into a copy of its own. */
    private static WeightMatrix repacked(byte[] bytes, int rows, int cols) {
        WeightMatrix m = WeightMatrices.fast(GgmlType.Q4_0, MemorySegment.ofArray(bytes.clone()), rows, cols);
        MemorySegment copy = MemorySegment.ofArray(new byte[Math.toIntExact(m.repackedBytes())]);
        assertThat(copy.byteSize()).isEqualTo((long) rows * (cols / 32) * BLOCK);
        m.repackRows(copy, 0, rows / 2 / 8 * 8);
        m.repackRows(copy, rows / 2 / 8 * 8, rows);
        m.useRepacked(copy);
        return m;
    }

    /** Blocks of random bytes with fp16 scales between 0.001 and 0.011 of either sign. */
    private static byte[] randomBlocks(Random random, int rows, int cols) {
        byte[] bytes = new byte[rows * (cols / 32) * BLOCK];
        random.nextBytes(bytes);
        for (int at = 0; at < bytes.length; at += BLOCK) {
            short d = Float.floatToFloat16((random.nextBoolean() ? 1 : -1) * (0.001f + random.nextFloat() * 0.01f));
            bytes[at] = (byte) d;
            bytes[at + 1] = (byte) (d >> 8);
        }
        return bytes;
    }

    /** Gaussian activations, or (trial 2) ±1 in the first half so that quants of ±127 are common. */
    private static float[] activations(Random random, int cols, int trial) {
        float[] x = new float[cols];
        for (int i = 0; i < cols; i++) {
            x[i] = trial == 2 && i < cols / 2 ? (random.nextBoolean() ? 1f : -1f) : (float) (random.nextGaussian() * (1 + i % 5));
        }
        return x;
    }

    /** Float re-association of a row's products: 1e-5 of Σ|x| · max|w|, as for the other integer kernels. */
    private static Offset<Double> reassociation(WeightMatrix scalar, int row, Q8Activations xq) {
        float[] w = new float[scalar.cols()];
        float[] x = new float[scalar.cols()];
        scalar.dequantizeRow(row, w, 0);
        xq.dequantizeQ8_0(x, 0);
        double magnitude = 0, maxW = 0;
        for (int i = 0; i < w.length; i++) {
            magnitude += Math.abs(x[i]);
            maxW = Math.max(maxW, Math.abs(w[i]));
        }
        return Offset.offset(1e-5 * magnitude * maxW);
    }
}
