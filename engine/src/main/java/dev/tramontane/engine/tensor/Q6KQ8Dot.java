package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.Q6KBlock;
import dev.tramontane.engine.quant.Q8Activations;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The integer dot product of a staged {@link Q6KBlock} row with Q8_K activations, in short lanes
 * ({@link ShortLanes}): per block, Σ_s scale_s·Σ (q − 32)·x over the 16 sub-blocks in int lanes,
 * then one convert and FMA by d·d_x. The −32 is subtracted in the lanes (|q − 32|·127 ≤ 4064):
 * taking it out of the activations' sums of 16 instead, as llama.cpp does, cost a scalar loop of
 * 16 multiply-adds per block that ran slower than the two extra vector subtractions per step
 * (standalone prototype, 2048 × 4096, best of 40 CPU-time windows: 5.0–5.3 with the scalar term,
 * 6.0–6.2 G weights/s in the lanes).
 *
 * <p>One step takes 16 ql bytes and the 16 qh bytes that go with them: their low nibbles are one
 * sub-block, their high nibbles the sub-block four on (same qh bytes, two bits higher). Two
 * sub-blocks per step is as much as C2 compiles without boxing: with four (all the nibbles that
 * share a qh chunk) the method crossed NodeCountInliningCutoff at the second pair sum and every
 * vector was boxed (1 G weights/s). The step's offsets come from tables so that the loop body
 * has little index arithmetic (the per-step integer work, not the vector work, was the larger
 * part of the loop: 75 instructions of which 28 vector); the qh shift is a {@code short} so that
 * the Vector API does not check an int shift count against the lane type on every step.
 */
final class Q6KQ8Dot {

    /** Per step v (0..7) of a block: offset of its qh chunk, of its low-nibble activations, of its low-nibble scale. */
    private static final int[] QH = new int[8], X = new int[8], SCALE = new int[8];
    /** Per step: the left shift that puts its qh bits at 4..5. */
    private static final short[] QH_SHIFT = new short[8];

    static {
        for (int v = 0; v < 8; v++) {
            int h = v >>> 2, j = (v >>> 1) & 1;
            QH[v] = 128 + 32 * h + 16 * (v & 1);
            X[v] = 16 * v + 64 * h;
            SCALE[v] = 192 + v + 4 * h;
            QH_SHIFT[v] = (short) (4 - 2 * j);
        }
    }

    private Q6KQ8Dot() {}

    /**
     * The dot product of the {@code blocks} Q6_K blocks staged in {@code q[0 ..]} with {@code xq}.
     * Written with Vector API calls only, no helpers of ours: past C2's NodeCountInliningCutoff
     * (which this method reaches once inlined into a caller's row loop with the row staging)
     * the JDK's {@code @ForceInline} vector methods are still inlined late, while a helper of ours
     * that takes or returns a vector is left a call and boxes it.
     */
    static float rowDot(byte[] q, int blocks, Q8Activations xq) {
        short[] x = xq.q8KWideQuants();
        float[] dx = xq.q8KScales();
        FloatVector acc = FloatVector.zero(ShortLanes.F8);
        for (int b = 0; b < blocks; b++) {
            int o = b * Q6KBlock.BYTES;
            int xb = Q6KBlock.ELEMENTS * b;
            IntVector sums = IntVector.zero(ShortLanes.I8);
            for (int v = 0; v < 8; v++) {
                ShortVector ql = (ShortVector) ByteVector.fromArray(ShortLanes.B16, q, o + 16 * v)
                        .convertShape(VectorOperators.ZERO_EXTEND_B2S, ShortLanes.S16, 0);
                ShortVector qh = ((ShortVector) ByteVector.fromArray(ShortLanes.B16, q, o + QH[v])
                        .convertShape(VectorOperators.ZERO_EXTEND_B2S, ShortLanes.S16, 0)).lanewise(VectorOperators.LSHL, QH_SHIFT[v]);
                int xi = xb + X[v];
                int scale = o + SCALE[v];
                IntVector low = ql.and((short) 0x0F).or(qh.and((short) 0x30)).sub((short) 32)
                        .mul(ShortVector.fromArray(ShortLanes.S16, x, xi)).reinterpretAsInts();
                IntVector high = ql.lanewise(VectorOperators.LSHR, 4).or(qh.lanewise(VectorOperators.LSHR, 4).and((short) 0x30)).sub((short) 32)
                        .mul(ShortVector.fromArray(ShortLanes.S16, x, xi + 64)).reinterpretAsInts();
                // pair sums as in ShortLanes.smallPairSums, written out
                low = low.add(low.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16);
                high = high.add(high.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16);
                sums = low.mul(q[scale]).add(high.mul(q[scale + 4])).add(sums);
            }
            float d = Float.float16ToFloat((short) ((q[o + 208] & 0xFF) | (q[o + 209] << 8))) * dx[b];
            acc = ((FloatVector) sums.convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(ShortLanes.F8, d), acc);
        }
        // VectorOps.sum8 written out: one fixed order, so that dotQ8 and matvecQ8 agree whatever is compiled
        acc = acc.add(acc.rearrange(ShortLanes.ROTATE_4));
        acc = acc.add(acc.rearrange(ShortLanes.ROTATE_2));
        acc = acc.add(acc.rearrange(ShortLanes.ROTATE_1));
        return acc.lane(0);
    }
}
