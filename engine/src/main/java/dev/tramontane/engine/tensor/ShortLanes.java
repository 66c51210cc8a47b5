package dev.tramontane.engine.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The pieces of the short-lane integer kernels (K-quants times 8-bit activations): AVX2 has no
 * byte shifts and the Vector API no {@code maddubs}/{@code pmaddwd}, so quants are widened to
 * 16 short lanes (one {@code vpmovzxbw}), their bit fields cut with short shifts and masks,
 * multiplied by the activations already widened to shorts ({@code Q8Activations.q8KWideQuants})
 * and pair-summed into 8 int lanes. A 6-bit quant times a Q8_K value is at most 63·127 = 8001, so
 * two (or four) products still fit in a short.
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

    /** 16 bytes of {@code a} at {@code offset}, zero-extended to 16 short lanes. */
    static ShortVector widen(byte[] a, int offset) {
        return (ShortVector) ByteVector.fromArray(B16, a, offset).convertShape(VectorOperators.ZERO_EXTEND_B2S, S16, 0);
    }

    static ShortVector shorts(short[] a, int offset) {
        return ShortVector.fromArray(S16, a, offset);
    }

    /**
     * Lanes 2i and 2i+1 of {@code p} summed into int lane i, for sums that fit in a short (the
     * result is exact then): as ints, {@code p + (p << 16)} holds the pair sum in its upper half,
     * and an arithmetic shift brings it down with its sign. Three instructions, where
     * sign-extending both halves separately takes four.
     */
    static IntVector pairSums(ShortVector p) {
        IntVector v = p.reinterpretAsInts();
        return v.add(v.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16);
    }

    static FloatVector toFloat(IntVector v) {
        return (FloatVector) v.convert(VectorOperators.I2F, 0);
    }
}
