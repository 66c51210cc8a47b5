package dev.tramontane.engine.tensor;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/** Spreads the 32-bit {@code qh} word of Q5_0/Q5_1 into per-lane fifth bits (value 16 or 0). */
final class Q5Bits {

    private static final int[] BIT_INDEX = new int[48];

    static {
        for (int i = 0; i < BIT_INDEX.length; i++) {
            BIT_INDEX[i] = i;
        }
    }

    private Q5Bits() {}

    /** Lane i holds 16 if bit {@code first + i} of {@code qh} is set, else 0. */
    static IntVector fifthBits(int qh, int first) {
        IntVector shifts = IntVector.fromArray(VectorOps.I, BIT_INDEX, first);
        return IntVector.broadcast(VectorOps.I, qh).lanewise(VectorOperators.LSHR, shifts).and(1).lanewise(VectorOperators.LSHL, 4);
    }
}
