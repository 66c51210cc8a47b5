package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.ShortLanes.B16;
import static dev.tramontane.engine.tensor.ShortLanes.F8;
import static dev.tramontane.engine.tensor.ShortLanes.I8;
import static dev.tramontane.engine.tensor.ShortLanes.S16;

import dev.tramontane.engine.quant.Q8Activations;
import dev.tramontane.engine.quant.Q8_0Block;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A Q8_0 matrix repacked for decode: eight rows interleaved as in {@link Q4_0RowGroups}, so that
 * the eight rows' sums of a block land in eight int lanes and are scaled by their d in one vector
 * operation, where the file's kernel sums each row's block across lanes and scales it alone
 * ({@link Q8_0VectorMatrix#matvecQ8}).
 *
 * <p>Layout: groups of eight rows, and in each group, block column by block column, 272 bytes (the
 * eight 34-byte blocks): the eight rows' fp16 scales d, then 16 chunks of 16 bytes, chunk k holding
 * quants 2k and 2k+1 of rows 0..7 in turn, so that widened to short lanes row r is in lanes 2r and
 * 2r+1 and one broadcast activation pair multiplies all eight rows.
 */
final class Q8_0RowGroups {

    private static final int ROWS = RowGroupProducts.ROWS;
    /** Bytes per group and block column. */
    static final int GROUP_BLOCK_BYTES = ROWS * Q8_0Block.BYTES;

    private static final VectorSpecies<Short> S8 = ShortVector.SPECIES_128;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private Q8_0RowGroups() {}

    /** Bytes of the repacked copy: the same as the file's. */
    static long bytes(int rows, int cols) {
        return (long) rows * (cols / Q8_0Block.ELEMENTS) * Q8_0Block.BYTES;
    }

    /** Writes the groups of rows {@code [rowStart, rowEnd)} (multiples of 8) of {@code source} into {@code target}. */
    static void repack(MemorySegment source, int cols, MemorySegment target, int rowStart, int rowEnd) {
        RowGroupProducts.repack(source, target, rowStart, rowEnd, cols / Q8_0Block.ELEMENTS, Q8_0Block.BYTES, GROUP_BLOCK_BYTES,
                (in, from, r, out, to) -> {
                    RowGroupProducts.placePairs(in, from, r, out, to, 1);
                    RowGroupProducts.placePairs(in, from + 2, r, out, to + 16, Q8_0Block.ELEMENTS / 2);
                });
    }

    /**
     * Rows {@code [8·group, 8·group + 8)} of the product with the 8-bit activations {@code xq} into
     * {@code out[outOffset ..]}: per block column, chunks k and k + 8 multiplied in short lanes and
     * added there (|q·q_x| ≤ 128·127 = 16,256, two per lane at most 32,512), every pass's lanes
     * folded pairwise into the eight rows' int sums, and d·d_x·that added to each row's float sum in
     * block order.
     */
    static void groupDotQ8(MemorySegment groups, int blocksPerRow, int group, Q8Activations xq, float[] out, int outOffset) {
        int[] pairs = xq.q8_0Pairs();
        float[] dx = xq.q8_0Scales();
        long offset = (long) group * blocksPerRow * GROUP_BLOCK_BYTES;
        FloatVector acc = FloatVector.zero(F8);
        for (int b = 0; b < blocksPerRow; b++, offset += GROUP_BLOCK_BYTES) {
            IntVector sums = IntVector.zero(I8);
            int p = 16 * b;
            for (int k = 0; k < 8; k++) { // chunk offsets from a table: see RowGroupProducts.CHUNK
                ShortVector w = (ShortVector) ByteVector.fromMemorySegment(B16, groups, offset + 16 + RowGroupProducts.CHUNK[k], LE)
                        .convertShape(VectorOperators.B2S, S16, 0);
                ShortVector w8 = (ShortVector) ByteVector.fromMemorySegment(B16, groups, offset + 144 + RowGroupProducts.CHUNK[k], LE)
                        .convertShape(VectorOperators.B2S, S16, 0);
                ShortVector products = w.mul((ShortVector) IntVector.broadcast(I8, pairs[p + k]).reinterpretShape(S16, 0))
                        .add(w8.mul((ShortVector) IntVector.broadcast(I8, pairs[p + 8 + k]).reinterpretShape(S16, 0)));
                IntVector v = (IntVector) products.reinterpretShape(I8, 0);
                // the new pair sums as receiver, the loop-carried sums as argument (see Q4_0RowGroups)
                sums = v.lanewise(VectorOperators.ASHR, 16).add(v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                        .add(sums);
            }
            // the eight fp16 scales widened exactly, as in Q4_0RowGroups
            IntVector h = (IntVector) ((ShortVector) ByteVector.fromMemorySegment(B16, groups, offset, LE).reinterpretShape(S8, 0))
                    .convertShape(VectorOperators.S2I, I8, 0);
            FloatVector dMagnitude = ((FloatVector) h.and(0x7FFF).lanewise(VectorOperators.LSHL, 13).reinterpretShape(F8, 0)).mul(0x1p112f);
            FloatVector d = (FloatVector) ((IntVector) dMagnitude.reinterpretShape(I8, 0))
                    .or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretShape(F8, 0);
            acc = ((FloatVector) IntVector.zero(I8).add(sums).convertShape(VectorOperators.I2F, F8, 0)).fma(d.mul(dx[b]), acc);
        }
        FloatVector.zero(F8).add(acc).intoArray(out, outOffset);
    }
}
