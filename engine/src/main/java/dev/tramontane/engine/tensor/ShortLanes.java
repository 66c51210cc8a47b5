package dev.tramontane.engine.tensor;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * 16-bit lanes for the integer kernels on 8-bit activations ({@code dotQ8}): 16 quant bytes
 * widened to 16 short lanes (one vpmovzxbw/vpmovsxbw on AVX2), multiplied by the activations kept
 * as shorts, and pairs of lanes folded to 8 int lanes. The Vector API has no vpmaddubsw/vpmaddwd,
 * so products are formed in short lanes where they fit (8-bit × 8-bit with room for one pair
 * sum) and the fold is done on the shorts reinterpreted as ints.
 */
final class ShortLanes {

    static final VectorSpecies<Short> S16 = ShortVector.SPECIES_256;
    private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;

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

    /** 16 activation quants, already 16-bit. */
    static ShortVector x16(short[] qx, int offset) {
        return ShortVector.fromArray(S16, qx, offset);
    }

    /**
     * Lanes 2i and 2i+1 added into int lane i, when |lane 2i + lane 2i+1| < 2^15: the int
     * h·2^16 + l (l the low short as unsigned) times 0x10001 is (h + l)·2^16 + l modulo 2^32, whose
     * upper half is h + l modulo 2^16, i.e. the signed sum whenever it fits a short (vpmulld +
     * vpsrad; the Q4_0 kernel went from 11.9 to 12.4 G weights/s against {@link #pairSums}).
     */
    static IntVector smallPairSums(ShortVector p) {
        return p.reinterpretAsInts().mul(0x10001).lanewise(VectorOperators.ASHR, 16);
    }

    /**
     * Lanes 2i and 2i+1 added into int lane i, for any shorts: the shorts read as ints, the high
     * half by an arithmetic shift and the low half by a shift up and back (vpsrad, vpslld, vpsrad,
     * vpaddd).
     */
    static IntVector pairSums(ShortVector p) {
        IntVector v = p.reinterpretAsInts();
        return v.lanewise(VectorOperators.ASHR, 16).add(v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
    }
}
