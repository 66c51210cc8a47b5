package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.ShortLanes.B16;
import static dev.tramontane.engine.tensor.ShortLanes.F8;
import static dev.tramontane.engine.tensor.ShortLanes.I8;
import static dev.tramontane.engine.tensor.ShortLanes.S16;

import dev.tramontane.engine.quant.KScales;
import dev.tramontane.engine.quant.Q5KBlock;
import dev.tramontane.engine.quant.Q8Activations;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A Q5_K matrix repacked for decode: eight rows interleaved as in {@link Q4_0RowGroups}, each
 * row's 6-bit sub-block scales and minimums unpacked to a byte each as in {@link Q4KRowGroups},
 * and each 5-bit quant put together from its nibble and its bit in {@code qh} into a byte of its
 * own, as {@link Q6KRowGroups} does for Q6_K. The file's kernel spends most of its operations
 * putting quants together ({@link Q5KQ8Dot}); here a quant is one widened byte, at the cost of 57 %
 * more bytes per weight (8.6 against 5.5 bits with the scales), which is why only {@code --repack
 * on} makes this copy. In Q4_K_M files Q5_K holds the attention output; in Q5_K_M files most weights.
 *
 * <p>Layout: groups of eight rows, and in each group, super-block by super-block, 2,208 bytes: the
 * eight rows' fp16 d, then their fp16 dmin (16 bytes each), the scales as [sub-block][row] (64
 * bytes), the minimums likewise (64 bytes), then 128 chunks of 16 bytes, chunk p holding quants 2p
 * and 2p+1 (0..31) of rows 0..7 in turn, so that widened to short lanes row r is in lanes 2r and
 * 2r+1 and one broadcast activation pair multiplies all eight rows.
 */
final class Q5KRowGroups {

    private static final int ROWS = RowGroupProducts.ROWS;
    private static final int DMIN = 16;
    private static final int SCALES = 32;
    private static final int MINS = SCALES + 8 * ROWS;
    private static final int QUANTS = MINS + 8 * ROWS;
    /** Bytes per group and super-block. */
    static final int GROUP_BLOCK_BYTES = QUANTS + ROWS * Q5KBlock.ELEMENTS;

    private static final VectorSpecies<Short> S8 = ShortVector.SPECIES_128;
    private static final VectorSpecies<Byte> B8 = ByteVector.SPECIES_64;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private Q5KRowGroups() {}

    /** Bytes of the repacked copy of a {@code rows} × {@code cols} matrix (rows a multiple of 8). */
    static long bytes(int rows, int cols) {
        return (long) (rows / ROWS) * (cols / Q5KBlock.ELEMENTS) * GROUP_BLOCK_BYTES;
    }

    /**
     * Writes the groups of rows {@code [rowStart, rowEnd)} (multiples of 8) of {@code source} into
     * {@code target}, each quant put together from its nibble and its fifth bit as {@link
     * Q5KBlock#dequantize} does.
     */
    static void repack(MemorySegment source, int cols, MemorySegment target, int rowStart, int rowEnd) {
        byte[] quants = new byte[Q5KBlock.ELEMENTS];
        RowGroupProducts.repack(source, target, rowStart, rowEnd, cols / Q5KBlock.ELEMENTS, Q5KBlock.BYTES, GROUP_BLOCK_BYTES,
                (in, from, r, out, to) -> {
                    RowGroupProducts.placePairs(in, from, r, out, to, 1);
                    RowGroupProducts.placePairs(in, from + 2, r, out, to + DMIN, 1);
                    for (int s = 0; s < 8; s++) {
                        out[to + SCALES + ROWS * s + r] = (byte) KScales.scale(in, from + 4, s);
                        out[to + MINS + ROWS * s + r] = (byte) KScales.min(in, from + 4, s);
                    }
                    // weight 64c + l: low nibble of qs[32c + l], fifth bit = bit 2c of qh[l];
                    // weight 64c + 32 + l: high nibble, bit 2c + 1
                    for (int c = 0; c < 4; c++) {
                        for (int l = 0; l < 32; l++) {
                            int q = in[from + 48 + 32 * c + l] & 0xFF;
                            int h = in[from + 16 + l] & 0xFF;
                            quants[64 * c + l] = (byte) ((q & 0x0F) | ((h >>> (2 * c)) & 1) << 4);
                            quants[64 * c + 32 + l] = (byte) ((q >>> 4) | ((h >>> (2 * c + 1)) & 1) << 4);
                        }
                    }
                    RowGroupProducts.placePairs(quants, 0, r, out, to + QUANTS, Q5KBlock.ELEMENTS / 2);
                });
    }

    /**
     * Rows {@code [8·group, 8·group + 8)} of the product with the 8-bit activations {@code xq} into
     * {@code out[outOffset ..]}: per sub-block of 32, Σq·q_x of each row in two short-lane sums of
     * 8 chunks each (|q·q_x| ≤ 31·127 = 3,937, eight per lane at most 31,496; sixteen would
     * overflow), pairs of lanes added into int lanes and times the eight rows' scales; the
     * minimums times the sub-block's Σq_x likewise; then d·d_x·Σ − dmin·d_x·Σm added to each row's
     * float sum.
     */
    static void groupDotQ8(MemorySegment groups, int blocksPerRow, int group, Q8Activations xq, float[] out, int outOffset) {
        int[] pairs = xq.q8KPairs();
        int[] sums32 = xq.q8KPairSums();
        float[] dx = xq.q8KScales();
        long offset = (long) group * blocksPerRow * GROUP_BLOCK_BYTES;
        FloatVector acc = FloatVector.zero(F8);
        for (int b = 0; b < blocksPerRow; b++, offset += GROUP_BLOCK_BYTES) {
            IntVector sum = IntVector.zero(I8);
            IntVector minSum = IntVector.zero(I8);
            for (int s = 0; s < 8; s++) {
                ShortVector first = ShortVector.zero(S16);
                ShortVector second = first;
                int p = 128 * b + 16 * s;
                // chunks k and k + 8 of the sub-block per pass, at offsets from a table (see RowGroupProducts.CHUNK)
                for (int k = 0; k < 8; k++) {
                    ShortVector w = (ShortVector) ByteVector.fromMemorySegment(B16, groups, offset + QUANTS + 256 * s + RowGroupProducts.CHUNK[k], LE)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2S, S16, 0);
                    ShortVector w8 = (ShortVector) ByteVector.fromMemorySegment(B16, groups, offset + QUANTS + 256 * s + 128 + RowGroupProducts.CHUNK[k], LE)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2S, S16, 0);
                    // new products as receivers, loop-carried sums as arguments (see Q4_0RowGroups)
                    first = w.mul((ShortVector) IntVector.broadcast(I8, pairs[p + k]).reinterpretShape(S16, 0)).add(first);
                    second = w8.mul((ShortVector) IntVector.broadcast(I8, pairs[p + 8 + k]).reinterpretShape(S16, 0)).add(second);
                }
                IntVector f = (IntVector) ShortVector.zero(S16).add(first).reinterpretShape(I8, 0);
                IntVector g = (IntVector) ShortVector.zero(S16).add(second).reinterpretShape(I8, 0);
                IntVector subBlock = f.lanewise(VectorOperators.ASHR, 16).add(f.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                        .add(g.lanewise(VectorOperators.ASHR, 16)).add(g.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
                IntVector scales = (IntVector) ByteVector.fromMemorySegment(B8, groups, offset + SCALES + ROWS * s, LE)
                        .convertShape(VectorOperators.ZERO_EXTEND_B2I, I8, 0);
                IntVector mins = (IntVector) ByteVector.fromMemorySegment(B8, groups, offset + MINS + ROWS * s, LE)
                        .convertShape(VectorOperators.ZERO_EXTEND_B2I, I8, 0);
                sum = subBlock.mul(scales).add(sum);
                minSum = mins.mul(sums32[8 * b + s]).add(minSum);
            }
            // d and dmin of the eight rows, fp16 widened exactly as in Q4_0RowGroups (written out, see Q4KRowGroups)
            IntVector hd = (IntVector) ((ShortVector) ByteVector.fromMemorySegment(B16, groups, offset, LE).reinterpretShape(S8, 0))
                    .convertShape(VectorOperators.S2I, I8, 0);
            FloatVector dMagnitude = ((FloatVector) hd.and(0x7FFF).lanewise(VectorOperators.LSHL, 13).reinterpretShape(F8, 0)).mul(0x1p112f);
            FloatVector d = (FloatVector) ((IntVector) dMagnitude.reinterpretShape(I8, 0))
                    .or(hd.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretShape(F8, 0);
            IntVector hm = (IntVector) ((ShortVector) ByteVector.fromMemorySegment(B16, groups, offset + DMIN, LE).reinterpretShape(S8, 0))
                    .convertShape(VectorOperators.S2I, I8, 0);
            FloatVector dminMagnitude = ((FloatVector) hm.and(0x7FFF).lanewise(VectorOperators.LSHL, 13).reinterpretShape(F8, 0)).mul(0x1p112f);
            FloatVector dmin = (FloatVector) ((IntVector) dminMagnitude.reinterpretShape(I8, 0))
                    .or(hm.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretShape(F8, 0);
            // loop-carried vectors only as arguments (see Q4_0RowGroups)
            IntVector sums = IntVector.zero(I8).add(sum);
            IntVector minSums = IntVector.zero(I8).add(minSum);
            acc = ((FloatVector) sums.convertShape(VectorOperators.I2F, F8, 0)).fma(d.mul(dx[b]),
                    ((FloatVector) minSums.convertShape(VectorOperators.I2F, F8, 0)).mul(dmin.mul(-dx[b])).add(acc));
        }
        FloatVector.zero(F8).add(acc).intoArray(out, outOffset);
    }
}
