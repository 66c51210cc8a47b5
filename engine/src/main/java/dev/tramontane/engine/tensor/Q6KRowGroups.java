package dev.tramontane.engine.tensor;

import static dev.tramontane.engine.tensor.ShortLanes.B16;
import static dev.tramontane.engine.tensor.ShortLanes.F8;
import static dev.tramontane.engine.tensor.ShortLanes.I8;
import static dev.tramontane.engine.tensor.ShortLanes.S16;

import dev.tramontane.engine.quant.Q6KBlock;
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
 * A Q6_K matrix repacked for decode: eight rows interleaved as in {@link Q4_0RowGroups}, and each
 * 6-bit quant stored re-centred in a byte of its own (q − 32, −32..31). The file keeps a quant's
 * low four and high two bits in different bytes, so its kernel spends most of its operations
 * putting quants together ({@link Q6KQ8Dot}); here a quant is one widened byte, at the cost of
 * 30 % more bytes per weight (8 against 6.56 bits with the scales). {@code KernelBenchmark --types
 * Q6_K --q8 [--repack]}, 14336 × 4096, one thread: 6.4–6.6 → 9.7–9.8 G weights/s; two threads
 * 13 → 20 (docs/benchmarks.md). Where the matrix comes from DRAM at one thread the extra bytes
 * take most of that back.
 *
 * <p>Layout: groups of eight rows, and in each group, super-block by super-block, 2,192 bytes:
 * the eight rows' fp16 d (16 bytes), their 16 sub-block scales as [sub-block][row] (128 bytes),
 * then 128 chunks of 16 bytes, chunk p holding weights 2p and 2p+1 of rows 0..7 in turn, so that
 * widened to short lanes row r is in lanes 2r and 2r+1 and one broadcast activation pair
 * multiplies all eight rows.
 */
final class Q6KRowGroups {

    private static final int ROWS = RowGroupProducts.ROWS;
    private static final int SCALES = 16;
    private static final int QUANTS = SCALES + ROWS * 16;
    /** Bytes per group and super-block. */
    static final int GROUP_BLOCK_BYTES = QUANTS + ROWS * Q6KBlock.ELEMENTS;

    private static final VectorSpecies<Short> S8 = ShortVector.SPECIES_128;
    private static final VectorSpecies<Byte> B8 = ByteVector.SPECIES_64;
    private static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private Q6KRowGroups() {}

    /** Bytes of the repacked copy of a {@code rows} × {@code cols} matrix (rows a multiple of 8). */
    static long bytes(int rows, int cols) {
        return (long) (rows / ROWS) * (cols / Q6KBlock.ELEMENTS) * GROUP_BLOCK_BYTES;
    }

    /**
     * Writes the groups of rows {@code [rowStart, rowEnd)} (multiples of 8) of {@code source} into
     * {@code target}, each quant put together from its two bit fields as {@link Q6KBlock#quant} does.
     */
    static void repack(MemorySegment source, int cols, MemorySegment target, int rowStart, int rowEnd) {
        byte[] quants = new byte[Q6KBlock.ELEMENTS];
        RowGroupProducts.repack(source, target, rowStart, rowEnd, cols / Q6KBlock.ELEMENTS, Q6KBlock.BYTES, GROUP_BLOCK_BYTES,
                (in, from, r, out, to) -> {
                    RowGroupProducts.placePairs(in, from + 208, r, out, to, 1);
                    for (int s = 0; s < 16; s++) {
                        out[to + SCALES + ROWS * s + r] = in[from + 192 + s];
                    }
                    // weight i = 128h + 32k + l: low bits from ql[64h + 32(k & 1) + l] (low or high nibble),
                    // high bits from qh[32h + l]; 32 at a time (only bits below the 8th are kept, so
                    // whatever the shift brings in from above does not matter)
                    for (int h = 0; h < 2; h++) {
                        ByteVector qh = ByteVector.fromArray(B32, in, from + 128 + 32 * h);
                        for (int k = 0; k < 4; k++) {
                            ByteVector low = ByteVector.fromArray(B32, in, from + 64 * h + 32 * (k & 1))
                                    .lanewise(VectorOperators.LSHR, k < 2 ? 0 : 4).and((byte) 0x0F);
                            ByteVector high = qh.lanewise(VectorOperators.LSHR, 2 * k).and((byte) 3);
                            low.or(high.lanewise(VectorOperators.LSHL, 4)).sub((byte) 32).intoArray(quants, 128 * h + 32 * k);
                        }
                    }
                    RowGroupProducts.placePairs(quants, 0, r, out, to + QUANTS, Q6KBlock.ELEMENTS / 2);
                });
    }

    /**
     * Rows {@code [8·group, 8·group + 8)} of the product with the 8-bit activations {@code xq} into
     * {@code out[outOffset ..]}: per sub-block of 16, Σ(q − 32)·q_x of each row in short lanes
     * (|(q − 32)·q_x| ≤ 32·127 and 8 per lane, at most 32,512), pairs of lanes added into int lanes
     * and times the eight rows' scales, summed over the super-block; then d·d_x·that added to each
     * row's float sum.
     */
    static void groupDotQ8(MemorySegment groups, int blocksPerRow, int group, Q8Activations xq, float[] out, int outOffset) {
        int[] pairs = xq.q8KPairs();
        float[] dx = xq.q8KScales();
        long offset = (long) group * blocksPerRow * GROUP_BLOCK_BYTES;
        FloatVector acc = FloatVector.zero(F8);
        for (int b = 0; b < blocksPerRow; b++, offset += GROUP_BLOCK_BYTES) {
            IntVector h = (IntVector) ((ShortVector) ByteVector.fromMemorySegment(B16, groups, offset, LE).reinterpretShape(S8, 0))
                    .convertShape(VectorOperators.S2I, I8, 0);
            FloatVector dMagnitude = ((FloatVector) h.and(0x7FFF).lanewise(VectorOperators.LSHL, 13).reinterpretShape(F8, 0)).mul(0x1p112f);
            FloatVector d = (FloatVector) ((IntVector) dMagnitude.reinterpretShape(I8, 0))
                    .or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretShape(F8, 0);
            IntVector sum = IntVector.zero(I8);
            int p = 128 * b;
            for (int s = 0; s < 16; s++, p += 8) {
                ShortVector lanes = ShortVector.zero(S16);
                for (int k = 0; k < 8; k++) { // chunk offsets from a table: see RowGroupProducts.CHUNK
                    ShortVector w = (ShortVector) ByteVector.fromMemorySegment(B16, groups, offset + QUANTS + 128 * s + RowGroupProducts.CHUNK[k], LE)
                            .convertShape(VectorOperators.B2S, S16, 0);
                    // the new product as receiver, loop-carried sums as arguments (see Q4_0RowGroups)
                    lanes = w.mul((ShortVector) IntVector.broadcast(I8, pairs[p + k]).reinterpretShape(S16, 0)).add(lanes);
                }
                IntVector v = (IntVector) ShortVector.zero(S16).add(lanes).reinterpretShape(I8, 0);
                IntVector subBlock = v.lanewise(VectorOperators.ASHR, 16).add(v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
                IntVector scales = (IntVector) ByteVector.fromMemorySegment(B8, groups, offset + SCALES + ROWS * s, LE)
                        .convertShape(VectorOperators.B2I, I8, 0);
                sum = subBlock.mul(scales).add(sum);
            }
            acc = ((FloatVector) IntVector.zero(I8).add(sum).convertShape(VectorOperators.I2F, F8, 0)).fma(d.mul(dx[b]), acc);
        }
        FloatVector.zero(F8).add(acc).intoArray(out, outOffset);
    }
}
