package dev.tramontane.engine.model;

import dev.tramontane.engine.tensor.VectorSupport;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * What the KV caches' attention kernels share: float lanes from Q8_0 bytes and a lane sum in a
 * fixed order. Species as the weight kernels' ({@link VectorSupport}).
 */
final class KvVectors {

    /** Whether the vector kernels run; else every cache uses its scalar twin. */
    static final boolean ENABLED = VectorSupport.usable();
    static final VectorSpecies<Float> F = VectorSupport.FLOAT;
    static final int L = VectorSupport.LANES;
    private static final VectorSpecies<Byte> B = VectorSupport.BYTE;

    private KvVectors() {}

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
        v = FloatVector.zero(F).add(v); // a loop's running sum is never the receiver (see the tensor package's VectorOps.sum8)
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
