package dev.tramontane.engine.model;

import dev.tramontane.engine.tensor.VectorSupport;
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

/**
 * Vector loads the KV caches' attention kernels share: float lanes from F16 halves and Q8_0
 * bytes, and a lane sum in a fixed order. Species as the weight kernels' ({@link VectorSupport}).
 */
final class KvVectors {

    /** Whether the vector kernels run; else every cache uses its scalar twin. */
    static final boolean ENABLED = VectorSupport.usable();
    static final VectorSpecies<Float> F = VectorSupport.FLOAT;
    static final int L = VectorSupport.LANES;
    private static final VectorSpecies<Integer> I = VectorSupport.INT;
    private static final VectorSpecies<Short> S = VectorSupport.SHORT;
    private static final VectorSpecies<Byte> B = VectorSupport.BYTE;

    private KvVectors() {}

    /**
     * L halves at {@code h[offset]} as floats, exactly: exponent and mantissa moved to the float's
     * place and scaled by 2^112 (re-biasing 15 to 127 for normals and subnormals alike); infinity
     * and NaN keep an all-ones exponent. Java's {@code Float.float16ToFloat} has no lane-wise form
     * in the Vector API of JDK 25.
     */
    static FloatVector halves(short[] h, int offset) {
        IntVector bits = (IntVector) ShortVector.fromArray(S, h, offset).convertShape(VectorOperators.S2I, I, 0);
        IntVector magnitude = bits.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
        IntVector finite = magnitude.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
        VectorMask<Integer> special = bits.and(0x7C00).eq(0x7C00);
        return finite.blend(magnitude.or(0x7F800000), special).or(bits.and(0x80000000)).reinterpretAsFloats();
    }

    /** L signed bytes at {@code offset} of {@code s} as floats. */
    static FloatVector bytes(MemorySegment s, long offset) {
        return (FloatVector) ByteVector.fromMemorySegment(B, s, offset, ByteOrder.LITTLE_ENDIAN)
                .convertShape(VectorOperators.B2F, F, 0);
    }

    private static final VectorShuffle<Float> ROTATE_2 = VectorShuffle.iota(F, L / 2, 1, true);
    private static final VectorShuffle<Float> ROTATE_4 = VectorShuffle.iota(F, L / 4, 1, true);
    private static final VectorShuffle<Float> ROTATE_8 = VectorShuffle.iota(F, Math.max(1, L / 8), 1, true);
    private static final VectorShuffle<Float> ROTATE_16 = VectorShuffle.iota(F, Math.max(1, L / 16), 1, true);

    /**
     * The lanes' sum in one fixed pairwise order. {@code reduceLanes} may add in another order once
     * C2 has compiled it than in the interpreter, and a prompt fed at once must give the logits of
     * the same prompt fed token by token whatever the JIT has compiled by then.
     */
    static float sum(FloatVector v) {
        v = v.add(v.rearrange(ROTATE_2));
        v = v.add(v.rearrange(ROTATE_4));
        if (L >= 8) {
            v = v.add(v.rearrange(ROTATE_8));
        }
        if (L >= 16) {
            v = v.add(v.rearrange(ROTATE_16));
        }
        return v.lane(0);
    }
}
