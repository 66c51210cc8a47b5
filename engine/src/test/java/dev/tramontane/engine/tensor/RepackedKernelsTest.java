package dev.tramontane.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Q8Activations;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Weights repacked eight rows at a time ({@link Q4_0RowGroups}, {@link Q8_0RowGroups}, {@link Q4KRowGroups},
 * {@link Q5KRowGroups}, {@link Q6KRowGroups}): the decode
 * products must agree with the scalar kernel on the file's layout up to float re-association,
 * whatever the row range asked for, on every bit pattern of the quants and on fp16 scales from
 * subnormal to the largest.
 */
class RepackedKernelsTest {

    /** Bytes of a Q4_0 block. */
    private static final int BLOCK = 18;

    @ParameterizedTest
    @EnumSource(names = {"Q4_0", "Q8_0", "Q4_K", "Q5_K", "Q6_K"})
    void repackedProductsAgreeWithTheScalarKernelOnRandomBlocks(GgmlType type) {
        Random random = new Random(17 + type.id());
        for (int cols : type == GgmlType.Q4_0 || type == GgmlType.Q8_0 ? new int[] {32, 256, 4096} : new int[] {256, 4096}) {
            int rows = 24;
            byte[] bytes = randomBlocks(type, random, rows, cols);
            WeightMatrix scalar = WeightMatrices.scalar(type, MemorySegment.ofArray(bytes), rows, cols);
            WeightMatrix fast = repacked(type, bytes, rows, cols);
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

    @ParameterizedTest
    @EnumSource(names = {"Q4_0", "Q8_0", "Q4_K", "Q5_K", "Q6_K"})
    void anyRowRangeGivesExactlyTheValuesOfTheWholeProductAndTouchesNothingElse(GgmlType type) {
        Random random = new Random(23 + type.id());
        int rows = 32, cols = 512;
        byte[] bytes = randomBlocks(type, random, rows, cols);
        WeightMatrix fast = repacked(type, bytes, rows, cols);
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
        WeightMatrix fast = repacked(GgmlType.Q4_0, bytes, rows, cols);
        assertExtremesAgree(scalar, fast);
    }

    /**
     * Q6_K quants all 0 (−32) or all 63 (+31) against activations of ±127 of one sign give the
     * largest short-lane sums (8·32·127 = 32,512); sub-block scales of −128 and 127 and fp16 d
     * from subnormal to 65,504 the largest int sums and the fp16 widening.
     */
    @Test
    void extremeQ6KQuantsAndScalesAgreeWithTheScalarKernel() {
        int rows = 16, cols = 512;
        short[] ds = {0x0001, 0x03FF, (short) 0x8001, 0x0000, 0x7BFF, (short) 0xFBFF, 0x3C00, 0x1234};
        byte[][] quantPatterns = {{0x00}, {(byte) 0xFF}, {0x55, (byte) 0xAA}};
        byte[] scalePatterns = {(byte) -128, 127, 1, -1};
        byte[] bytes = new byte[rows * (cols / 256) * 210];
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < cols / 256; b++) {
                int at = (r * (cols / 256) + b) * 210;
                byte[] pattern = quantPatterns[(r + b) % quantPatterns.length];
                for (int j = 0; j < 192; j++) {
                    bytes[at + j] = pattern[j % pattern.length];
                }
                for (int j = 0; j < 16; j++) {
                    bytes[at + 192 + j] = scalePatterns[(r + j) % scalePatterns.length];
                }
                short d = ds[(r + 3 * b) % ds.length];
                bytes[at + 208] = (byte) d;
                bytes[at + 209] = (byte) (d >> 8);
            }
        }
        WeightMatrix scalar = WeightMatrices.scalar(GgmlType.Q6_K, MemorySegment.ofArray(bytes), rows, cols);
        WeightMatrix fast = repacked(GgmlType.Q6_K, bytes, rows, cols);
        assertExtremesAgree(scalar, fast);
    }

    /**
     * Q4_K nibbles all 15 against activations of ±127 of one sign give the largest short-lane sums
     * (16·15·127 = 30,480); packed scale bytes of 0xFF make every 6-bit scale and minimum 63, the
     * largest int sums; fp16 d and dmin from subnormal to 65,504 check the widening.
     */
    @Test
    void extremeQ4KQuantsAndScalesAgreeWithTheScalarKernel() {
        int rows = 16, cols = 512;
        byte[][] quantPatterns = {{(byte) 0xFF}, {0x00}, {0x0F, (byte) 0xF0}};
        byte[] bytes = new byte[rows * (cols / 256) * 144];
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < cols / 256; b++) {
                int at = (r * (cols / 256) + b) * 144;
                extremeKHeader(bytes, at, r, b);
                repeat(bytes, at + 16, 128, quantPatterns[(r + 2 * b) % quantPatterns.length]);
            }
        }
        WeightMatrix scalar = WeightMatrices.scalar(GgmlType.Q4_K, MemorySegment.ofArray(bytes), rows, cols);
        WeightMatrix fast = repacked(GgmlType.Q4_K, bytes, rows, cols);
        assertExtremesAgree(scalar, fast);
    }

    /**
     * Q8_0 quants all −128 or all 127 against activations of ±127 of one sign give the largest
     * short-lane sums (2·128·127 = 32,512, the reason two chunks are added in short lanes and no
     * more); fp16 scales from subnormal to 65,504 check the widening.
     */
    @Test
    void extremeQ8_0QuantsAndScalesAgreeWithTheScalarKernel() {
        int rows = 16, cols = 128;
        short[] ds = {0x0001, 0x03FF, (short) 0x8001, 0x0000, 0x7BFF, (short) 0xFBFF, 0x3C00, 0x1234};
        byte[][] quantPatterns = {{(byte) 0x80}, {0x7F}, {(byte) 0x80, 0x7F}, {0x00}};
        byte[] bytes = new byte[rows * (cols / 32) * 34];
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < cols / 32; b++) {
                int at = (r * (cols / 32) + b) * 34;
                short d = ds[(r + 3 * b) % ds.length];
                bytes[at] = (byte) d;
                bytes[at + 1] = (byte) (d >> 8);
                byte[] quants = quantPatterns[(r + 2 * b) % quantPatterns.length];
                for (int j = 0; j < 32; j++) {
                    bytes[at + 2 + j] = quants[j % quants.length];
                }
            }
        }
        WeightMatrix scalar = WeightMatrices.scalar(GgmlType.Q8_0, MemorySegment.ofArray(bytes), rows, cols);
        WeightMatrix fast = repacked(GgmlType.Q8_0, bytes, rows, cols);
        assertExtremesAgree(scalar, fast);
    }

    /**
     * Q5_K quants all 31 (nibbles 15 and every fifth bit set) against activations of ±127 of one
     * sign give the largest short-lane sums (8·31·127 = 31,496, the reason each sub-block is summed
     * in two halves); quants all 0 and mixed bits, scale bytes making every 6-bit scale and minimum
     * 63, and fp16 d and dmin from subnormal to 65,504 as for Q4_K.
     */
    @Test
    void extremeQ5KQuantsAndScalesAgreeWithTheScalarKernel() {
        int rows = 16, cols = 512;
        byte[][] quantPatterns = {{(byte) 0xFF}, {0x00}, {0x0F, (byte) 0xF0}, {0x55, (byte) 0xAA}};
        byte[][] highBitPatterns = {{(byte) 0xFF}, {0x00}, {0x55}, {(byte) 0xAA, 0x0F}};
        byte[] bytes = new byte[rows * (cols / 256) * 176];
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < cols / 256; b++) {
                int at = (r * (cols / 256) + b) * 176;
                extremeKHeader(bytes, at, r, b);
                repeat(bytes, at + 16, 32, highBitPatterns[(r + 3 * b) % highBitPatterns.length]);
                repeat(bytes, at + 48, 128, quantPatterns[(r + 2 * b) % quantPatterns.length]);
            }
        }
        WeightMatrix scalar = WeightMatrices.scalar(GgmlType.Q5_K, MemorySegment.ofArray(bytes), rows, cols);
        WeightMatrix fast = repacked(GgmlType.Q5_K, bytes, rows, cols);
        assertExtremesAgree(scalar, fast);
    }

    /** fp16 d and dmin from subnormal to 65,504 of either sign, for the K-quant extremes. */
    private static final short[] EXTREME_D = {0x0001, 0x03FF, (short) 0x8001, 0x0000, 0x7BFF, (short) 0xFBFF, 0x3C00, 0x1234};
    /** Packed scale bytes: all 0xFF makes every 6-bit scale and minimum 63, the largest int sums. */
    private static final byte[][] EXTREME_K_SCALES = {{(byte) 0xFF}, {0x3F, 0x00, 0x7F}, {0x01, (byte) 0xC0}};

    /** The d, dmin and 12 packed scale bytes that open a Q4_K or Q5_K block, picked by row and block. */
    private static void extremeKHeader(byte[] bytes, int at, int r, int b) {
        for (int j = 0; j < 2; j++) {
            short d = EXTREME_D[(r + 3 * b + 5 * j) % EXTREME_D.length];
            bytes[at + 2 * j] = (byte) d;
            bytes[at + 2 * j + 1] = (byte) (d >> 8);
        }
        repeat(bytes, at + 4, 12, EXTREME_K_SCALES[(r + b) % EXTREME_K_SCALES.length]);
    }

    /** {@code length} bytes from {@code at}, {@code pattern} over and over. */
    private static void repeat(byte[] bytes, int at, int length, byte[] pattern) {
        for (int j = 0; j < length; j++) {
            bytes[at + j] = pattern[j % pattern.length];
        }
    }

    private static void assertExtremesAgree(WeightMatrix scalar, WeightMatrix fast) {
        int rows = scalar.rows(), cols = scalar.cols();
        for (float sign : new float[] {1f, -1f}) {
            float[] x = new float[cols];
            java.util.Arrays.fill(x, sign * 2.5f);
            Q8Activations xq = new Q8Activations(cols);
            xq.quantize(x, 0);
            float[] out = new float[rows];
            fast.matvecQ8(x, xq, out, 0, rows);
            for (int r = 0; r < rows; r++) {
                assertThat((double) out[r]).as("%s row %d, activations of sign %s", scalar.type(), r, sign)
                        .isCloseTo(scalar.dotQ8(r, x, xq), reassociation(scalar, r, xq));
            }
        }
    }

    /** The same agreement in the code C2 compiles, which is what decoding runs. */
    @ParameterizedTest
    @EnumSource(names = {"Q4_0", "Q8_0", "Q4_K", "Q5_K", "Q6_K"})
    void repackedProductsStillAgreeAfterTheJitHasCompiledThem(GgmlType type) {
        Random random = new Random(31 + type.id());
        int rows = 16, cols = 1024;
        byte[] bytes = randomBlocks(type, random, rows, cols);
        WeightMatrix scalar = WeightMatrices.scalar(type, MemorySegment.ofArray(bytes), rows, cols);
        WeightMatrix fast = repacked(type, bytes, rows, cols);
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
        WeightMatrix twelveRows = WeightMatrices.fast(GgmlType.Q4_0, MemorySegment.ofArray(randomBlocks(GgmlType.Q4_0, random, 12, 64)), 12, 64);
        assertThat(twelveRows.repackedBytes()).isZero();
        assertThatThrownBy(() -> twelveRows.repackRows(MemorySegment.ofArray(new byte[12 * 2 * BLOCK]), 0, 8))
                .isInstanceOf(UnsupportedOperationException.class);

        WeightMatrix sixteenRows = WeightMatrices.fast(GgmlType.Q4_0, MemorySegment.ofArray(randomBlocks(GgmlType.Q4_0, random, 16, 64)), 16, 64);
        assertThat(sixteenRows.repackedBytes()).isEqualTo(16L * 2 * BLOCK);
        assertThatThrownBy(() -> sixteenRows.repackRows(MemorySegment.ofArray(new byte[16 * 2 * BLOCK]), 4, 12))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> sixteenRows.useRepacked(MemorySegment.ofArray(new byte[8 * 2 * BLOCK])))
                .isInstanceOf(UnsupportedOperationException.class);

        WeightMatrix f32 = WeightMatrices.fast(GgmlType.F32, MemorySegment.ofArray(new byte[16 * 64 * 4]), 16, 64);
        assertThat(f32.repackedBytes()).isZero();
        WeightMatrix q6kTwelveRows = WeightMatrices.fast(GgmlType.Q6_K, MemorySegment.ofArray(randomBlocks(GgmlType.Q6_K, random, 12, 256)), 12, 256);
        assertThat(q6kTwelveRows.repackedBytes()).isZero();
        WeightMatrix q6k = WeightMatrices.fast(GgmlType.Q6_K, MemorySegment.ofArray(randomBlocks(GgmlType.Q6_K, random, 8, 512)), 8, 512);
        assertThat(q6k.repackedBytes()).as("a byte per weight, 16 scales and d per row and super-block").isEqualTo(8L * 2 * (256 + 16 + 2));
        WeightMatrix q4k = WeightMatrices.fast(GgmlType.Q4_K, MemorySegment.ofArray(randomBlocks(GgmlType.Q4_K, random, 8, 512)), 8, 512);
        assertThat(q4k.repackedBytes()).as("the file's 144 bytes with scales and minimums a byte each").isEqualTo(8L * 2 * (144 - 12 + 16));
        WeightMatrix q8 = WeightMatrices.fast(GgmlType.Q8_0, MemorySegment.ofArray(randomBlocks(GgmlType.Q8_0, random, 8, 64)), 8, 64);
        assertThat(q8.repackedBytes()).as("the file's bytes, rearranged").isEqualTo(8L * 2 * 34);
        WeightMatrix q5k = WeightMatrices.fast(GgmlType.Q5_K, MemorySegment.ofArray(randomBlocks(GgmlType.Q5_K, random, 8, 512)), 8, 512);
        assertThat(q5k.repackedBytes()).as("a byte per weight, d, dmin, scales and minimums a byte each").isEqualTo(8L * 2 * (256 + 4 + 16));
        WeightMatrix q5kTwelveRows = WeightMatrices.fast(GgmlType.Q5_K, MemorySegment.ofArray(randomBlocks(GgmlType.Q5_K, random, 12, 256)), 12, 256);
        assertThat(q5kTwelveRows.repackedBytes()).isZero();
    }

    /** The fast matrix of {@code type} over {@code bytes}, repacked into a copy of its own in two parts. */
    private static WeightMatrix repacked(GgmlType type, byte[] bytes, int rows, int cols) {
        WeightMatrix m = WeightMatrices.fast(type, MemorySegment.ofArray(bytes.clone()), rows, cols);
        MemorySegment copy = MemorySegment.ofArray(new byte[Math.toIntExact(m.repackedBytes())]);
        m.repackRows(copy, 0, rows / 2 / 8 * 8);
        m.repackRows(copy, rows / 2 / 8 * 8, rows);
        m.useRepacked(copy);
        return m;
    }

    /** Blocks of random bytes with fp16 scales (Q4_K: d and dmin, Q6_K: d) between 0.001 and 0.011 of either sign. */
    private static byte[] randomBlocks(GgmlType type, Random random, int rows, int cols) {
        int blockBytes = type.typeSize();
        int[] scalesAt = switch (type) {
            case Q4_0, Q8_0 -> new int[] {0};
            case Q4_K, Q5_K -> new int[] {0, 2};
            default -> new int[] {208};
        };
        byte[] bytes = new byte[rows * (cols / type.blockSize()) * blockBytes];
        random.nextBytes(bytes);
        for (int at = 0; at < bytes.length; at += blockBytes) {
            for (int scaleAt : scalesAt) {
                short d = Float.floatToFloat16((random.nextBoolean() ? 1 : -1) * (0.001f + random.nextFloat() * 0.01f));
                bytes[at + scaleAt] = (byte) d;
                bytes[at + scaleAt + 1] = (byte) (d >> 8);
            }
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
        ActivationBlocks.of(scalar.type()).round(xq, x, 0);
        double magnitude = 0, maxW = 0;
        for (int i = 0; i < w.length; i++) {
            magnitude += Math.abs(x[i]);
            maxW = Math.max(maxW, Math.abs(w[i]));
        }
        return Offset.offset(1e-5 * magnitude * maxW);
    }
}
