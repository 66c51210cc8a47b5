package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.ShortLanes.B16;
import static dev.tramontane.engine.tensor.ShortLanes.F8;
import static dev.tramontane.engine.tensor.ShortLanes.I8;
import static dev.tramontane.engine.tensor.ShortLanes.S16;

import dev.tramontane.engine.quant.Q4_0Block;
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
 * A Q4_0 matrix repacked for decode: eight rows interleaved, so that one pass of the integer
 * kernel computes eight rows at once with each row in its own lanes. The file's layout puts a
 * row's blocks end to end; its kernel must sum a block's 32 products across lanes and scale them
 * with that row's d, per row and block ({@link Q4_0VectorMatrix}). Here the sums of eight rows
 * land in eight int lanes and are scaled by the eight rows' d in one vector operation, which took
 * the kernel from 11.1 to 14.9 G weights/s per thread on a cached 512-row matrix (a scratch
 * harness), and {@code KernelBenchmark --types Q4_0 --q8 [--repack]} (14336 × 4096) from 12.3 to
 * 14.3 on one thread.
 *
 * <p>Layout: groups of eight rows, and in each group, block column by block column, 144 bytes (the
 * eight 18-byte blocks): the eight rows' fp16 scales d, then 8 chunks of 16 bytes, chunk k holding
 * quant bytes 2k and 2k+1 of rows 0..7 in turn. Widened to 16 short lanes, chunk k has row r in
 * lanes 2r and 2r+1: its low nibbles are weights 2k and 2k+1 of each row and its high nibbles
 * weights 16+2k and 17+2k, so one activation pair broadcast to every lane pair multiplies them all.
 */
final class Q4_0RowGroups {

    /** Rows per group. */
    static final int ROWS = RowGroupProducts.ROWS;
    /** Bytes per group and block column. */
    static final int GROUP_BLOCK_BYTES = ROWS * Q4_0Block.BYTES;

    private static final VectorSpecies<Short> S8 = ShortVector.SPECIES_128;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private Q4_0RowGroups() {}

    /** Bytes of the repacked copy: the same as the file's. */
    static long bytes(int rows, int cols) {
        return (long) rows * (cols / Q4_0Block.ELEMENTS) * Q4_0Block.BYTES;
    }

    /** Writes the groups of rows {@code [rowStart, rowEnd)} (multiples of 8) of {@code source} into {@code target}. */
    static void repack(MemorySegment source, int cols, MemorySegment target, int rowStart, int rowEnd) {
        RowGroupProducts.repack(source, target, rowStart, rowEnd, cols / Q4_0Block.ELEMENTS, Q4_0Block.BYTES, GROUP_BLOCK_BYTES,
                (in, from, r, out, to) -> {
                    RowGroupProducts.placePairs(in, from, r, out, to, 1);
                    RowGroupProducts.placePairs(in, from + 2, r, out, to + 16, 8);
                });
    }

    /**
     * Rows {@code [8·group, 8·group + 8)} of the product with the 8-bit activations {@code xq} into
     * {@code out[outOffset ..]}: per block column, Σ q·q_x of each row in short lanes (|q·q_x| ≤
     * 15·127 and 16 per lane, at most 30,480), pairs of lanes added into int lanes, −8·Σq_x taken
     * off (the quants' centre), and d·d_x·that added to each row's float sum in block order.
     */
    static void groupDotQ8(MemorySegment groups, int blocksPerRow, int group, Q8Activations xq, float[] out, int outOffset) {
        int[] pairs = xq.q8_0Pairs();
        float[] dx = xq.q8_0Scales();
        float[] qxSums = xq.q8_0QuantSums();
        long offset = (long) group * blocksPerRow * GROUP_BLOCK_BYTES;
        FloatVector acc = FloatVector.zero(F8);
        for (int b = 0; b < blocksPerRow; b++, offset += GROUP_BLOCK_BYTES) {
            ShortVector s = ShortVector.zero(S16);
            int p = 16 * b;
            for (int k = 0; k < 8; k++) { // chunk offsets from a table: see RowGroupProducts.CHUNK
                ShortVector w = (ShortVector) ByteVector.fromMemorySegment(B16, groups, offset + 16 + RowGroupProducts.CHUNK[k], LE)
                        .convertShape(VectorOperators.ZERO_EXTEND_B2S, S16, 0);
                ShortVector low = (ShortVector) IntVector.broadcast(I8, pairs[p + k]).reinterpretShape(S16, 0);
                ShortVector high = (ShortVector) IntVector.broadcast(I8, pairs[p + 8 + k]).reinterpretShape(S16, 0);
                // Loop-carried vectors are never the receiver of a call (here the new products are, and
                // after the loop a zero vector is): C2 types such a loop phi only as ShortVector when it
                // inlines, and without a ripe type profile leaves the call virtual and the vectors boxed
                // (seen with one thread: 0.6 tokens/s).
                s = w.and((short) 0x0F).mul(low).add(w.lanewise(VectorOperators.LSHR, 4).mul(high)).add(s);
            }
            // the eight fp16 scales widened exactly: magnitude bits moved into a float's and scaled by 2^112, sign put back
            IntVector h = (IntVector) ((ShortVector) ByteVector.fromMemorySegment(B16, groups, offset, LE).reinterpretShape(S8, 0))
                    .convertShape(VectorOperators.S2I, I8, 0);
            FloatVector dMagnitude = ((FloatVector) h.and(0x7FFF).lanewise(VectorOperators.LSHL, 13).reinterpretShape(F8, 0)).mul(0x1p112f);
            FloatVector d = (FloatVector) ((IntVector) dMagnitude.reinterpretShape(I8, 0))
                    .or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretShape(F8, 0);
            IntVector v = (IntVector) ShortVector.zero(S16).add(s).reinterpretShape(I8, 0);
            IntVector sums = v.lanewise(VectorOperators.ASHR, 16).add(v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
                    .sub(8 * (int) qxSums[b]);
            acc = ((FloatVector) sums.convertShape(VectorOperators.I2F, F8, 0)).fma(d.mul(dx[b]), acc);
        }
        FloatVector.zero(F8).add(acc).intoArray(out, outOffset);
    }
}
