package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.Q5KBlock;
import dev.tramontane.engine.quant.Q8Activations;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The integer dot product of a staged {@link Q5KBlock} row with Q8_K activations: {@link Q4KQ8Dot}
 * with the fifth bit of each quant from qh (bit s of qh byte l for weight l of sub-block s).
 *
 * <p>A step takes 16 quant bytes (low nibbles: half of sub-block 2c, high nibbles: half of 2c+1)
 * and the 16 qh bytes of the same weights, and pair-sums each half on its own. Q4_K's step (a
 * whole 32-byte chunk, halves added in short lanes) with the qh work added crossed C2's
 * NodeCountInliningCutoff and boxed every vector (1.4 G weights/s). The scales as ints in
 * scratch and the vector minimum term tried for {@link Q4KQ8Dot} were no faster here either
 * (KernelBenchmark --q8, 1 thread, three A/B pairs: 3.2–4.5 against 2.7–4.6; in-cache 4.8–5.0
 * against 5.0–5.4).
 */
final class Q5KQ8Dot {

    private Q5KQ8Dot() {}

    /** The dot product of the {@code blocks} Q5_K blocks staged in {@code q[0 ..]} with {@code xq}. */
    static float rowDot(byte[] q, int blocks, Q8Activations xq) {
        short[] x = xq.q8KWideQuants();
        int[] pairSums = xq.q8KPairSums();
        float[] dx = xq.q8KScales();
        FloatVector acc = FloatVector.zero(ShortLanes.F8);
        float offsets = 0f;
        for (int b = 0; b < blocks; b++) {
            int o = b * Q5KBlock.BYTES;
            int xb = Q5KBlock.ELEMENTS * b;
            long scales = KScalesUnpacked.scales(q, o + 4);
            IntVector sums = IntVector.zero(ShortLanes.I8);
            for (int v = 0; v < 8; v++) {
                int c = v >>> 1;
                ShortVector qs = ShortLanes.widen(q, o + 48 + 16 * v);
                ShortVector qh = ShortLanes.widen(q, o + 16 + 16 * (v & 1)).lanewise(VectorOperators.LSHL, 4)
                        .lanewise(VectorOperators.LSHR, 2 * c);
                int xi = xb + 64 * c + 16 * (v & 1);
                ShortVector low = qs.and((short) 0x0F).or(qh.and((short) 0x10)).mul(ShortLanes.shorts(x, xi));
                ShortVector high = qs.lanewise(VectorOperators.LSHR, 4).or(qh.lanewise(VectorOperators.LSHR, 1).and((short) 0x10))
                        .mul(ShortLanes.shorts(x, xi + 32));
                sums = ShortLanes.smallPairSums(low).mul(KScalesUnpacked.get(scales, 2 * c))
                        .add(ShortLanes.smallPairSums(high).mul(KScalesUnpacked.get(scales, 2 * c + 1))).add(sums);
            }
            long mins = KScalesUnpacked.mins(q, o + 4);
            int minSum = 0;
            for (int s = 0; s < 8; s++) {
                minSum += KScalesUnpacked.get(mins, s) * pairSums[8 * b + s];
            }
            float d = VectorOps.f16(q, o) * dx[b];
            acc = ShortLanes.toFloat(sums).fma(VectorOps.broadcast8(d), acc);
            offsets += VectorOps.f16(q, o + 2) * dx[b] * minSum;
        }
        return VectorOps.sum8(acc) - offsets;
    }
}
