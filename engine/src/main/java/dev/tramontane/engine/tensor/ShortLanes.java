package dev.tramontane.engine.tensor;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * 16-bit lanes for the integer kernels on 8-bit activations ({@code dotQ8}). AVX2 has no byte
 * shifts and the Vector API no {@code maddubs}/{@code pmaddwd}, so quants are widened to 16 short
 * lanes (one {@code vpmovzxbw}/{@code vpmovsxbw}), their bit fields cut with short shifts and
 * masks, multiplied by the activations already widened to shorts ({@code Q8Activations}'s wide
 * quants) where the products fit (8-bit × 8-bit with room for one pair sum; a 6-bit quant times a
 * Q8_K value is at most 63·127 = 8001, so two or four still fit), and pairs of lanes folded to 8
 * int lanes on the shorts reinterpreted as ints.
 *
 * <p>A kernel that grows past C2's inlining node limit ({@code NodeCountInliningCutoff}) leaves
 * calls to these helpers as calls and boxes the vectors they take and return, while the JDK's own
 * {@code @ForceInline} vector methods are still inlined; the Q6_K kernel therefore writes them out
 * (check any kernel change with {@code -XX:+PrintInlining}).
 *
 * <p>Species are named, never derived ({@code reinterpretShape(I8, 0)}, not {@code
 * reinterpretAsInts()}; {@code convertShape(I2F, F8, 0)}, not {@code convert(I2F, 0)}): deriving one
 * goes through a species lookup that is not force-inlined, and where C2 leaves it out the species
 * is no constant, the operation is not intrinsified and every vector is boxed.
 */
final class ShortLanes {

    static final VectorSpecies<Short> S16 = ShortVector.SPECIES_256;
    static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    static final VectorSpecies<Integer> I8 = IntVector.SPECIES_256;
    static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;

    /** Rotations of 8 float lanes by 4, 2 and 1, for a lane sum in the fixed order of {@link VectorOps#sum8}, written out in the kernels. */
    static final VectorShuffle<Float> ROTATE_4 = VectorShuffle.iota(F8, 4, 1, true);
    static final VectorShuffle<Float> ROTATE_2 = VectorShuffle.iota(F8, 2, 1, true);
    static final VectorShuffle<Float> ROTATE_1 = VectorShuffle.iota(F8, 1, 1, true);

    private ShortLanes() {}

    /** 16 bytes at {@code offset} as 16 short lanes, zero-extended (Q4_0 nibble pairs). */
    static ShortVector unsigned16(MemorySegment s, long offset) {
        return (ShortVector) ByteVector.fromMemorySegment(B16, s, offset, VectorOps.LE)
                .convertShape(VectorOperators.ZERO_EXTEND_B2S, S16, 0);
    }

    /** 16 signed bytes at {@code offset} as 16 short lanes (Q8_0 quants). */
    static ShortVector signed16(MemorySegment s, long offset) {
        return (ShortVector) ByteVector.fromMemorySegment(B16, s, offset, VectorOps.LE)
                .convertShape(VectorOperators.B2S, S16, 0);
    }

    /** 16 bytes of {@code a} at {@code offset}, zero-extended to 16 short lanes (staged K-quant rows). */
    static ShortVector widen(byte[] a, int offset) {
        return (ShortVector) ByteVector.fromArray(B16, a, offset).convertShape(VectorOperators.ZERO_EXTEND_B2S, S16, 0);
    }

    /** 16 activation quants, already 16-bit. */
    static ShortVector x16(short[] qx, int offset) {
        return ShortVector.fromArray(S16, qx, offset);
    }

    /** 16 shorts of {@code a} at {@code offset}. */
    static ShortVector shorts(short[] a, int offset) {
        return ShortVector.fromArray(S16, a, offset);
    }

    /**
     * Lanes 2i and 2i+1 added into int lane i, when |lane 2i + lane 2i+1| < 2^15: the int
     * h·2^16 + l (l the low short as unsigned) times 0x10001 is (h + l)·2^16 + l modulo 2^32, whose
     * upper half is h + l modulo 2^16, i.e. the signed sum whenever it fits a short (vpmulld +
     * vpsrad; the Q4_0 kernel went from 11.9 to 12.4 G weights/s against {@link #pairSums}).
     */
    static IntVector smallPairSums(ShortVector p) {
        return ((IntVector) p.reinterpretShape(I8, 0)).mul(0x10001).lanewise(VectorOperators.ASHR, 16);
    }

    /**
     * Lanes 2i and 2i+1 added into int lane i, for any shorts: the shorts read as ints, the high
     * half by an arithmetic shift and the low half by a shift up and back (vpsrad, vpslld, vpsrad,
     * vpaddd).
     */
    static IntVector pairSums(ShortVector p) {
        IntVector v = (IntVector) p.reinterpretShape(I8, 0);
        return v.lanewise(VectorOperators.ASHR, 16).add(v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
    }

    static FloatVector toFloat(IntVector v) {
        return (FloatVector) v.convertShape(VectorOperators.I2F, F8, 0);
    }
}
