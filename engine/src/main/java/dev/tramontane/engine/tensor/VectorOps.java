package dev.tramontane.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** Loads and widenings shared by the vector kernels: GGML bytes, halves and bfloat16s to float lanes. */
final class VectorOps {

    static final VectorSpecies<Float> F = VectorSupport.FLOAT;
    static final VectorSpecies<Integer> I = VectorSupport.INT;
    static final VectorSpecies<Byte> B = VectorSupport.BYTE;
    static final VectorSpecies<Short> S = VectorSupport.SHORT;
    static final int L = VectorSupport.LANES;
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /**
     * 256-bit species for the K-quant kernels, whatever the preferred width: they widen 8 bytes of
     * quants to 8 int lanes (one vpmovsxbd on AVX2) and work on them with int shifts and masks,
     * because x86 has no byte shifts and C2 emulates them (the old byte-lane Q6_K kernel ran at
     * 0.2 G weights/s, see docs/benchmarks.md "Kernel throughput").
     */
    static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    static final VectorSpecies<Integer> I8 = IntVector.SPECIES_256;
    static final VectorSpecies<Byte> B8 = ByteVector.SPECIES_64;

    private VectorOps() {}

    static ByteVector bytes(MemorySegment s, long offset) {
        return ByteVector.fromMemorySegment(B, s, offset, LE);
    }

    static FloatVector floats(MemorySegment s, long offset) {
        return FloatVector.fromMemorySegment(F, s, offset, LE);
    }

    static FloatVector x(float[] x, int offset) {
        return FloatVector.fromArray(F, x, offset);
    }

    /** Signed bytes to float lanes. */
    static FloatVector toFloat(ByteVector b) {
        return (FloatVector) b.convertShape(VectorOperators.B2F, F, 0);
    }

    /** Signed bytes to int lanes. */
    static IntVector toInt(ByteVector b) {
        return (IntVector) b.convertShape(VectorOperators.B2I, I, 0);
    }

    static FloatVector toFloat(IntVector v) {
        return (FloatVector) v.convertShape(VectorOperators.I2F, F, 0);
    }

    /**
     * IEEE halves to floats, exactly: the half's exponent and mantissa, moved to the float's
     * position, read as a float (exponent bias 15 instead of 127) and scaled by 2^112 re-biases
     * normals and subnormals alike; infinities and NaNs get the float's all-ones exponent.
     */
    static FloatVector halvesToFloat(MemorySegment s, long offset) {
        IntVector h = (IntVector) ShortVector.fromMemorySegment(S, s, offset, LE).convertShape(VectorOperators.S2I, I, 0);
        IntVector magnitude = h.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
        IntVector finite = (IntVector) ((FloatVector) magnitude.reinterpretShape(F, 0)).mul(0x1p112f).reinterpretShape(I, 0);
        VectorMask<Integer> special = h.and(0x7C00).eq(0x7C00);
        IntVector bits = finite.blend(magnitude.or(0x7F800000), special).or(h.and(0x80000000));
        return (FloatVector) bits.reinterpretShape(F, 0);
    }

    /** bfloat16s to floats: the 16 bits become the float's upper half. */
    static FloatVector bf16ToFloat(MemorySegment s, long offset) {
        IntVector h = (IntVector) ShortVector.fromMemorySegment(S, s, offset, LE).convertShape(VectorOperators.S2I, I, 0);
        return (FloatVector) h.lanewise(VectorOperators.LSHL, 16).reinterpretShape(F, 0);
    }

    /** Lane i holds {@code value} where bit {@code bit} of {@code v}'s lane i is set, else 0. */
    static ByteVector bitTo(ByteVector v, int bit, byte value) {
        VectorMask<Byte> set = v.and((byte) (1 << bit)).compare(VectorOperators.NE, (byte) 0);
        return ByteVector.zero(B).blend(value, set);
    }

    /** Rotations by L/2, L/4, L/8 and L/16 lanes, for {@link #sum}. */
    private static final VectorShuffle<Float> ROTATE_2 = VectorShuffle.iota(F, L / 2, 1, true);
    private static final VectorShuffle<Float> ROTATE_4 = VectorShuffle.iota(F, L / 4, 1, true);
    private static final VectorShuffle<Float> ROTATE_8 = VectorShuffle.iota(F, L / 8, 1, true);
    private static final VectorShuffle<Float> ROTATE_16 = VectorShuffle.iota(F, L / 16, 1, true);

    /**
     * The sum of the lanes in one fixed pairwise order (lane i + lane i+L/2, then i+L/4, …), built
     * from lane-wise adds only. {@code reduceLanes(ADD)} may add in a different order when C2
     * intrinsifies it than in the Java fallback, so the same vector could sum to two different
     * floats depending on what the JIT has compiled; the batched and per-token kernels must agree
     * bit for bit whatever the compile state, so they reduce with this.
     */
    /** {@link #sum} of {@code a + c}, two running sums that are only ever arguments here (see sum8). */
    static float sum(FloatVector a, FloatVector c) {
        return sum(FloatVector.zero(F).add(a).add(c));
    }

    static float sum(FloatVector v) {
        v = FloatVector.zero(F).add(v); // v is often a loop's running sum: see sum8
        v = v.add(v.rearrange(ROTATE_2));
        v = v.add(v.rearrange(ROTATE_4));
        v = v.add(v.rearrange(ROTATE_8));
        if (L == 16) {
            v = v.add(v.rearrange(ROTATE_16));
        }
        return v.lane(0);
    }

    /** 8 signed bytes at {@code offset} as 8 int lanes. */
    static IntVector ints8(MemorySegment s, long offset) {
        return (IntVector) ByteVector.fromMemorySegment(B8, s, offset, LE).convertShape(VectorOperators.B2I, I8, 0);
    }

    /** 8 signed bytes of {@code a} at {@code offset} as 8 int lanes. */
    static IntVector ints8(byte[] a, int offset) {
        return (IntVector) ByteVector.fromArray(B8, a, offset).convertShape(VectorOperators.B2I, I8, 0);
    }

    /** The IEEE half at {@code a[offset]} (little-endian), widened exactly. */
    static float f16(byte[] a, int offset) {
        return Float.float16ToFloat((short) ((a[offset] & 0xFF) | (a[offset + 1] << 8)));
    }

    /**
     * Row {@code row} of {@code rowBytes} bytes from {@code data}, copied into this thread's
     * scratch. The K-quant kernels read their row from there with array loads: each vector load
     * from a MemorySegment brings so many nodes (session, bounds and alignment checks) into C2's
     * graph that a K-quant block's two dozen loads crossed its inlining limit
     * (NodeCountInliningCutoff, -XX:+PrintInlining) and every vector was boxed. The copy is one
     * memcpy of a few KB into L1 per row; the weights stay mapped, never held on the heap.
     */
    static byte[] stageRow(MemorySegment data, long offset, long rowBytes) {
        byte[] a = KernelScratch.get().rowBytes((int) rowBytes);
        MemorySegment.copy(data, java.lang.foreign.ValueLayout.JAVA_BYTE, offset, a, 0, (int) rowBytes);
        return a;
    }

    static FloatVector x8(float[] x, int offset) {
        return FloatVector.fromArray(F8, x, offset);
    }

    static FloatVector toFloat8(IntVector v) {
        return (FloatVector) v.convertShape(VectorOperators.I2F, F8, 0);
    }

    private static final VectorShuffle<Float> ROTATE8_4 = VectorShuffle.iota(F8, 4, 1, true);
    private static final VectorShuffle<Float> ROTATE8_2 = VectorShuffle.iota(F8, 2, 1, true);
    private static final VectorShuffle<Float> ROTATE8_1 = VectorShuffle.iota(F8, 1, 1, true);

    /** {@link #sum} for the 256-bit species {@link #F8}. */
    /** {@link #sum8} of {@code a + c}, two running sums that are only ever arguments here (see sum8). */
    static float sum8(FloatVector a, FloatVector c) {
        return sum8(FloatVector.zero(F8).add(a).add(c));
    }

    static float sum8(FloatVector v) {
        // A loop's running sum is typed only as FloatVector while C2 inlines; as the receiver of a
        // call it needs a ripe type profile to be inlined, else the call stays virtual and every
        // vector is boxed (decode ran 3x slower in some launches). A fresh zero vector is the receiver instead.
        v = FloatVector.zero(F8).add(v);
        v = v.add(v.rearrange(ROTATE8_4));
        v = v.add(v.rearrange(ROTATE8_2));
        v = v.add(v.rearrange(ROTATE8_1));
        return v.lane(0);
    }

    static FloatVector broadcast8(float v) {
        return FloatVector.broadcast(F8, v);
    }

    static FloatVector broadcast(float v) {
        return FloatVector.broadcast(F, v);
    }
}
