package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.Q4KBlock;
import dev.tramontane.engine.quant.Q8Activations;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The integer dot product of a staged {@link Q4KBlock} row with Q8_K activations, in short lanes
 * ({@link ShortLanes}): per block, Σ_s scale_s·Σ q·x in int lanes and one convert and FMA by
 * d·d_x; the minimums come out of the activations' sums of 32 ({@code q8KPairSums}, two of
 * llama.cpp's sums of 16 added once per token) as the scalar term dmin·d_x·Σ_s min_s·psum_s.
 * Taking the sums of 32 from the activations instead of adding two sums of 16 per sub-block here
 * halved the minimum loop's loads: KernelBenchmark --types Q4_K,Q5_K --threads 1 --seconds 1
 * --q8, three interleaved A/B pairs, Q4_K 7.81–7.95 → 8.31–8.85, Q5_K 4.55–4.79 → 4.76–5.10
 * G weights/s.
 *
 * <p>One step takes a 32-byte chunk of quants, whose low nibbles are sub-block 2c and high nibbles
 * sub-block 2c+1: each sub-block's two halves of 16 products are added in short lanes (at most
 * 2·15·127) before the pair sum into ints, so a sub-block costs one widening and one scale
 * multiply for 32 weights.
 *
 * <p>The method sits just under C2's NodeCountInliningCutoff: the minimum term done with vectors
 * in the block loop (mins as int lanes times pair-summed group sums), or the two 16-byte loads of
 * a chunk replaced by one 32-byte load widened in two parts, took it over and boxed the vectors
 * (8.0–9.1 → 2.5–3.1 G weights/s, 2048 rows). Written out with Vector API calls only, as
 * {@link Q6KQ8Dot} is, with the vector minimum term, it ran 3.1–3.4 against 8.0–8.2 (not yet
 * explained). The scalar minimum loop stays, although skipping it (a wrong result, for timing
 * only) ran up to 30 % faster on this noisy machine.
 *
 * <p>Tried with {@link Q6KQ8Dot}'s changes and not kept (KernelBenchmark --q8, 1 thread,
 * 14336 × 4096, interleaved A/B pairs): the scales widened to ints into scratch once per row (a
 * {@code LongVector} of {@link KScalesUnpacked#scales} zero-extended byte by byte; a one-lane
 * 64-bit {@code LongVector} is not intrinsified and ran at 0.04 G weights/s) and the minimum
 * term as int lanes (mins times pair-summed group sums) in a second block loop, FMA'd by
 * −dmin·d_x into the same accumulator: 4.7–7.7 against 6.7–7.7 over seven pairs, although
 * in-cache (64 rows) it ran 8.3–10.2 against 6.2–9.0 in the same minutes. With the loops also
 * turned inside out (steps outer, per-block int lanes in scratch): 4.1–7.3 against 5.0–7.6
 * (in-cache 6.6–9.1 against 6.2–9.9).
 */
final class Q4KQ8Dot {

    private Q4KQ8Dot() {}

    /** The dot product of the {@code blocks} Q4_K blocks staged in {@code q[0 ..]} with {@code xq}. */
    static float rowDot(byte[] q, int blocks, Q8Activations xq) {
        short[] x = xq.q8KWideQuants();
        int[] pairSums = xq.q8KPairSums();
        float[] dx = xq.q8KScales();
        FloatVector acc = FloatVector.zero(ShortLanes.F8);
        float offsets = 0f;
        for (int b = 0; b < blocks; b++) {
            int o = b * Q4KBlock.BYTES;
            int xb = Q4KBlock.ELEMENTS * b;
            long scales = KScalesUnpacked.scales(q, o + 4);
            IntVector sums = IntVector.zero(ShortLanes.I8);
            for (int c = 0; c < 4; c++) {
                ShortVector q0 = ShortLanes.widen(q, o + 16 + 32 * c);
                ShortVector q1 = ShortLanes.widen(q, o + 32 + 32 * c);
                int xi = xb + 64 * c;
                ShortVector low = q0.and((short) 0x0F).mul(ShortLanes.shorts(x, xi))
                        .add(q1.and((short) 0x0F).mul(ShortLanes.shorts(x, xi + 16)));
                ShortVector high = q0.lanewise(VectorOperators.LSHR, 4).mul(ShortLanes.shorts(x, xi + 32))
                        .add(q1.lanewise(VectorOperators.LSHR, 4).mul(ShortLanes.shorts(x, xi + 48)));
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
