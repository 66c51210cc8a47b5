package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.ShortLanes.B16;
import static dev.tramontane.engine.tensor.ShortLanes.F8;
import static dev.tramontane.engine.tensor.ShortLanes.I8;
import static dev.tramontane.engine.tensor.ShortLanes.S16;

import dev.tramontane.engine.quant.KScales;
import dev.tramontane.engine.quant.Q4KBlock;
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
 * A Q4_K matrix repacked for decode: eight rows interleaved as in {@link Q4_0RowGroups}, with each
 * row's 6-bit sub-block scales and minimums unpacked to a byte each, so that the eight rows' sums
 * are scaled in int lanes by one vector multiply per sub-block and no row unpacks its own.
 * {@code KernelBenchmark --types Q4_K --q8 [--repack]}, 14336 × 4096: one thread 8.4 → 14.7 G
 * weights/s, two threads 17.2 → 30.
 *
 * <p>Layout: groups of eight rows, and in each group, super-block by super-block, 1,184 bytes (32
 * more than the file's eight blocks): the eight rows' fp16 d, then their fp16 dmin (16 bytes each),
 * the scales as [sub-block][row] (64 bytes), the minimums likewise (64 bytes), then for each of the
 * four 32-byte quant chunks c, 16 chunks of 16 bytes, chunk k holding quant bytes 32c+2k and
 * 32c+2k+1 of rows 0..7 in turn: low nibbles are weights 64c+2k, 64c+2k+1 (sub-block 2c), high
 * nibbles weights 64c+32+2k, 64c+33+2k (sub-block 2c+1).
 */
final class Q4KRowGroups {

    private static final int ROWS = RowGroupProducts.ROWS;
    private static final int DMIN = 16;
    private static final int SCALES = 32;
    private static final int MINS = SCALES + 8 * ROWS;
    private static final int QUANTS = MINS + 8 * ROWS;
    /** Bytes per group and super-block. */
    static final int GROUP_BLOCK_BYTES = QUANTS + ROWS * 128;

    private static final VectorSpecies<Short> S8 = ShortVector.SPECIES_128;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private Q4KRowGroups() {}

    /** Bytes of the repacked copy of a {@code rows} × {@code cols} matrix (rows a multiple of 8). */
    static long bytes(int rows, int cols) {
        return (long) (rows / ROWS) * (cols / Q4KBlock.ELEMENTS) * GROUP_BLOCK_BYTES;
    }

    /** Writes the groups of rows {@code [rowStart, rowEnd)} (multiples of 8) of {@code source} into {@code target}. */
    static void repack(MemorySegment source, int cols, MemorySegment target, int rowStart, int rowEnd) {
        RowGroupProducts.repack(source, target, rowStart, rowEnd, cols / Q4KBlock.ELEMENTS, Q4KBlock.BYTES, GROUP_BLOCK_BYTES,
                (in, from, r, out, to) -> {
                    RowGroupProducts.placePairs(in, from, r, out, to, 1);
                    RowGroupProducts.placePairs(in, from + 2, r, out, to + DMIN, 1);
                    for (int s = 0; s < 8; s++) {
                        out[to + SCALES + ROWS * s + r] = (byte) KScales.scale(in, from + 4, s);
                        out[to + MINS + ROWS * s + r] = (byte) KScales.min(in, from + 4, s);
                    }
                    // quant bytes 2k and 2k + 1 of the 128 go to chunk k
                    RowGroupProducts.placePairs(in, from + 16, r, out, to + QUANTS, 64);
                });
    }

    /**
     * Rows {@code [8·group, 8·group + 8)} of the product with the 8-bit activations {@code xq} into
     * {@code out[outOffset ..]}: per sub-block of 32, Σq·q_x of each row in short lanes (|q·q_x| ≤
     * 15·127 and 16 per lane, at most 30,480), pairs of lanes added into int lanes and times the
     * eight rows' scales; the minimums times the sub-block's Σq_x likewise; then d·d_x·Σ − dmin·d_x·Σm
     * added to each row's float sum.
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
            for (int c = 0; c < 4; c++) {
                ShortVector low = ShortVector.zero(S16);
                ShortVector high = low;
                int p = 128 * b + 32 * c;
                // chunks k and k + 8 per pass, so that this loop too has 8 passes, at offsets from a table
                // (see RowGroupProducts.CHUNK)
                for (int k = 0; k < 8; k++) {
                    ShortVector w = (ShortVector) ByteVector.fromMemorySegment(B16, groups, offset + QUANTS + 256 * c + RowGroupProducts.CHUNK[k], LE)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2S, S16, 0);
                    ShortVector w8 = (ShortVector) ByteVector.fromMemorySegment(B16, groups, offset + QUANTS + 256 * c + 128 + RowGroupProducts.CHUNK[k], LE)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2S, S16, 0);
                    // new products as receivers, loop-carried sums as arguments (see Q4_0RowGroups)
                    low = w.and((short) 0x0F).mul((ShortVector) IntVector.broadcast(I8, pairs[p + k]).reinterpretShape(S16, 0))
                            .add(w8.and((short) 0x0F).mul((ShortVector) IntVector.broadcast(I8, pairs[p + 8 + k]).reinterpretShape(S16, 0)))
                            .add(low);
                    high = w.lanewise(VectorOperators.LSHR, 4).mul((ShortVector) IntVector.broadcast(I8, pairs[p + 16 + k]).reinterpretShape(S16, 0))
                            .add(w8.lanewise(VectorOperators.LSHR, 4).mul((ShortVector) IntVector.broadcast(I8, pairs[p + 24 + k]).reinterpretShape(S16, 0)))
                            .add(high);
                }
                // sub-blocks 2c and 2c+1: 16 bytes of scales and of minimums, 8 rows each
                ByteVector scales = ByteVector.fromMemorySegment(B16, groups, offset + SCALES + ROWS * (2 * c), LE);
                ByteVector mins = ByteVector.fromMemorySegment(B16, groups, offset + MINS + ROWS * (2 * c), LE);
                IntVector scalesLow = (IntVector) scales.convertShape(VectorOperators.ZERO_EXTEND_B2I, I8, 0);
                IntVector scalesHigh = (IntVector) scales.convertShape(VectorOperators.ZERO_EXTEND_B2I, I8, 1);
                IntVector minsLow = (IntVector) mins.convertShape(VectorOperators.ZERO_EXTEND_B2I, I8, 0);
                IntVector minsHigh = (IntVector) mins.convertShape(VectorOperators.ZERO_EXTEND_B2I, I8, 1);
                IntVector l = (IntVector) ShortVector.zero(S16).add(low).reinterpretShape(I8, 0);
                IntVector h = (IntVector) ShortVector.zero(S16).add(high).reinterpretShape(I8, 0);
                sum = l.lanewise(VectorOperators.ASHR, 16).add(l.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)).mul(scalesLow)
                        .add(h.lanewise(VectorOperators.ASHR, 16).add(h.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)).mul(scalesHigh))
                        .add(sum);
                minSum = minsLow.mul(sums32[8 * b + 2 * c]).add(minsHigh.mul(sums32[8 * b + 2 * c + 1])).add(minSum);
            }
            // d and dmin of the eight rows, fp16 widened exactly as in Q4_0RowGroups (written out:
            // a helper returning a vector is past C2's inlining node limit here and would box it)
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
