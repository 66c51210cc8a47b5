package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.Q6KBlock;
import dev.tramontane.engine.quant.Q8Activations;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The integer dot product of a staged {@link Q6KBlock} row with Q8_K activations, in short lanes
 * ({@link ShortLanes}): per block, Σ_s scale_s·Σ (q − 32)·x over the 16 sub-blocks in int lanes,
 * then one convert and FMA by d·d_x. The products are formed with the unsigned q (q·x ≤ 63·127 =
 * 8001, a pair sum ≤ 16002 < 2^15) and the −32 comes out of the activations' sums of 16:
 * −32·Σ_s scale_s·bsum_s, as 16 int lanes (two multiplies) that start the block's lane sums, once
 * per block before the steps. The same term as a scalar loop of 16 multiply-adds per block had
 * run slower than subtracting 32 in the lanes (standalone prototype, 2048 × 4096, best of 40
 * CPU-time windows: 5.0–5.3 against 6.0–6.2 G weights/s); as vectors it saves the four
 * subtractions per step: KernelBenchmark --q8 5.87–6.02 → 6.05–6.46 over four A/B pairs
 * (in-cache 7.0–7.7 → 7.5–7.9).
 *
 * <p>Loops are turned inside out: the outer loop runs over the four steps of a block, the inner
 * one over the row's blocks, each block's 8 int lanes kept in a scratch array between steps. A
 * step's offsets are then loop invariants of the inner loop (no per-step tables, no index
 * arithmetic beyond the block's), C2 hoists the bounds checks of the inner loop out of it, and a
 * step can take all four sub-blocks that share 16 qh bytes (ql bytes l and l + 32, their low and
 * high nibbles, with qh bits 0–1, 2–3, 4–5, 6–7), each with a constant qh shift; with the block
 * loop outside, four sub-blocks per step crossed NodeCountInliningCutoff and boxed every vector
 * (1 G weights/s). The 16 scales of each block are widened to ints into scratch once per row, so
 * that a step broadcasts each from memory (one {@code vpbroadcastd}) instead of a byte load, a
 * move and a broadcast. A block's int lanes hold at most 16 · 16002 · 128 + 2 · 32 · 2032 · 128
 * < 2^26 in magnitude (no overflow; only contrived blocks pass 2^24, where the convert to float
 * rounds); the block total is split across lanes differently from before the group-sum term, so
 * results agree with the older kernels up to float rounding and summation order.
 *
 * <p>Measured before the group-sum term (KernelBenchmark --q8, 1 thread, 14336 × 4096, three
 * A/B pairs in the same minutes): 5.12–5.25 before, 5.94–6.12 G weights/s after. In-cache
 * (64 rows × 4096, best of 25 CPU-time windows, interleaved): block-outer 6.1–6.6; inside out with the per-step tables 6.3–7.0; four
 * sub-blocks per step with byte scales 6.2–6.6; with int scales 6.2–7.6. Rejected: scales applied
 * in float lanes (convert, FMA with a broadcast float scale, exact since every partial sum is an
 * integer below 2^24) 6.6–6.9, with the four products summed as a tree 6.2–6.4; the pair sum as
 * one multiply by 0x10001 and a shift ({@link ShortLanes#smallPairSums}) no better than the shifts.
 * For scale: the same loop with the four scale multiplies left out (a wrong result, timing only)
 * ran 9.1–9.8, so the int multiplies by the scales are the largest single cost left.
 */
final class Q6KQ8Dot {

    /** Offsets in a Q6_K block of its qh bits, its 16 scales and its d. */
    private static final int QH = 128, SCALES = 192, D = 208;

    private Q6KQ8Dot() {}

    /**
     * The dot product of the {@code blocks} Q6_K blocks staged in {@code q[0 ..]} with {@code xq}.
     * Written with Vector API calls only, no helpers of ours: past C2's NodeCountInliningCutoff
     * the JDK's {@code @ForceInline} vector methods are still inlined late, while a helper of ours
     * that takes or returns a vector is left a call and boxes it.
     */
    static float rowDot(byte[] q, int blocks, Q8Activations xq) {
        short[] x = xq.q8KWideQuants();
        float[] dx = xq.q8KScales();
        KernelScratch scratch = KernelScratch.get();
        int[] sums = scratch.blockSums(8 * blocks);
        int[] scales = scratch.blockScales(16 * blocks);
        short[] groupSums = xq.q8KGroupSums();
        for (int b = 0; b < blocks; b++) {
            int o = b * Q6KBlock.BYTES + SCALES;
            IntVector s0 = (IntVector) ByteVector.fromArray(ByteVector.SPECIES_64, q, o).convertShape(VectorOperators.B2I, ShortLanes.I8, 0);
            IntVector s1 = (IntVector) ByteVector.fromArray(ByteVector.SPECIES_64, q, o + 8).convertShape(VectorOperators.B2I, ShortLanes.I8, 0);
            s0.intoArray(scales, 16 * b);
            s1.intoArray(scales, 16 * b + 8);
            IntVector g0 = (IntVector) ShortVector.fromArray(ShortVector.SPECIES_128, groupSums, 16 * b).convertShape(VectorOperators.S2I, ShortLanes.I8, 0);
            IntVector g1 = (IntVector) ShortVector.fromArray(ShortVector.SPECIES_128, groupSums, 16 * b + 8).convertShape(VectorOperators.S2I, ShortLanes.I8, 0);
            // the −32 of every quant: −32·Σ scale·bsum, spread over the lanes that the steps add to
            s0.mul(g0).add(s1.mul(g1)).mul(-32).intoArray(sums, 8 * b);
        }
        for (int step = 0; step < 4; step++) {
            // weights 128h + l .. + 15 of groups j = 0..3 (32j apart): ql bytes 64h + l and + 32, qh bytes 128 + 32h + l
            int h = step >>> 1, l = 16 * (step & 1);
            int qlOffset = 64 * h + l, qhOffset = QH + 32 * h + l, xOffset = 128 * h + l, scaleOffset = 8 * h + (step & 1);
            for (int b = 0; b < blocks; b++) {
                int o = b * Q6KBlock.BYTES;
                int xi = Q6KBlock.ELEMENTS * b + xOffset;
                int sc = 16 * b + scaleOffset;
                ShortVector ql0 = (ShortVector) ByteVector.fromArray(ShortLanes.B16, q, o + qlOffset)
                        .convertShape(VectorOperators.ZERO_EXTEND_B2S, ShortLanes.S16, 0);
                ShortVector ql1 = (ShortVector) ByteVector.fromArray(ShortLanes.B16, q, o + qlOffset + 32)
                        .convertShape(VectorOperators.ZERO_EXTEND_B2S, ShortLanes.S16, 0);
                ShortVector qh = (ShortVector) ByteVector.fromArray(ShortLanes.B16, q, o + qhOffset)
                        .convertShape(VectorOperators.ZERO_EXTEND_B2S, ShortLanes.S16, 0);
                IntVector p0 = (IntVector) ql0.and((short) 0x0F).or(qh.lanewise(VectorOperators.LSHL, 4).and((short) 0x30))
                        .mul(ShortVector.fromArray(ShortLanes.S16, x, xi)).reinterpretShape(ShortLanes.I8, 0);
                IntVector p1 = (IntVector) ql1.and((short) 0x0F).or(qh.lanewise(VectorOperators.LSHL, 2).and((short) 0x30))
                        .mul(ShortVector.fromArray(ShortLanes.S16, x, xi + 32)).reinterpretShape(ShortLanes.I8, 0);
                IntVector p2 = (IntVector) ql0.lanewise(VectorOperators.LSHR, 4).or(qh.and((short) 0x30))
                        .mul(ShortVector.fromArray(ShortLanes.S16, x, xi + 64)).reinterpretShape(ShortLanes.I8, 0);
                IntVector p3 = (IntVector) ql1.lanewise(VectorOperators.LSHR, 4).or(qh.lanewise(VectorOperators.LSHR, 2).and((short) 0x30))
                        .mul(ShortVector.fromArray(ShortLanes.S16, x, xi + 96)).reinterpretShape(ShortLanes.I8, 0);
                // pair sums as ShortLanes.smallPairSums forms them (each ≤ 16002 < 2^15), with shifts, written out
                p0 = p0.add(p0.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16);
                p1 = p1.add(p1.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16);
                p2 = p2.add(p2.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16);
                p3 = p3.add(p3.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16);
                p0.mul(scales[sc]).add(p1.mul(scales[sc + 2])).add(p2.mul(scales[sc + 4]).add(p3.mul(scales[sc + 6])))
                        .add(IntVector.fromArray(ShortLanes.I8, sums, 8 * b)).intoArray(sums, 8 * b);
            }
        }
        FloatVector acc = FloatVector.zero(ShortLanes.F8);
        for (int b = 0; b < blocks; b++) {
            int o = b * Q6KBlock.BYTES + D;
            float d = Float.float16ToFloat((short) ((q[o] & 0xFF) | (q[o + 1] << 8))) * dx[b];
            acc = ((FloatVector) IntVector.fromArray(ShortLanes.I8, sums, 8 * b).convertShape(VectorOperators.I2F, ShortLanes.F8, 0))
                    .fma(FloatVector.broadcast(ShortLanes.F8, d), acc);
        }
        // VectorOps.sum8 written out: one fixed order, so that dotQ8 and matvecQ8 agree whatever is compiled;
        // the loop's sum enters as an argument, never as the receiver (see VectorOps.sum8)
        acc = FloatVector.zero(ShortLanes.F8).add(acc);
        acc = acc.add(acc.rearrange(ShortLanes.ROTATE_4));
        acc = acc.add(acc.rearrange(ShortLanes.ROTATE_2));
        acc = acc.add(acc.rearrange(ShortLanes.ROTATE_1));
        return acc.lane(0);
    }
}
