package dev.tramontane.engine.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species the kernels use, fixed once per JVM so the JIT sees constants.
 *
 * <p>Floats use {@link FloatVector#SPECIES_PREFERRED}: 8 lanes on AVX2, 16 on AVX-512. The
 * quantized kernels widen bytes and shorts to floats lane for lane, so they load {@link #BYTE} and
 * {@link #SHORT} vectors with the same lane count. Block kernels step through 16- and 32-weight
 * groups, so the lane count must divide 16, and a byte vector of as many lanes must exist (64 bits
 * at least): 8 lanes (AVX2) and 16 lanes (AVX-512) qualify; 4-lane machines (NEON) use the scalar
 * kernels for now.
 *
 * <p>Why the preferred species and not a fixed width: on the development machine (AMD EPYC, AVX2,
 * no AVX-512) the preferred species is 256 bits; a 512-bit species has no hardware there and the
 * Vector API would run it in Java, so there was nothing to measure against. AVX-512 machines get
 * 16 lanes with the same code (not yet measured or tested on such hardware). Single-thread matvec,
 * 256 x 4096 (weights in cache), best of 200 runs on that machine under a load average of ~18 on
 * 2 cores (so treat as ±2x), in elements per second: F32 11 G, F16 3.6 G, BF16 6.5 G, Q8_0 5.8 G,
 * Q4_0 6.5 G, Q4_K 3.1 G, Q5_K 2.3 G, Q6_K 1.4 G; the scalar twins 0.25-1.1 G. F16 pays for
 * widening halves with integer ops (the Vector API has no half-to-float lane conversion here).
 *
 * <p>Since then the Q4_0, Q8_0, Q4_K, Q5_K and Q6_K kernels use the 256-bit species explicitly
 * ({@code VectorOps.F8}): they widen 8 quant bytes to 8 int lanes and a 256-bit float vector
 * holds exactly those 8 weights. Their figures are measured by {@link KernelBenchmark} and kept
 * in docs/benchmarks.md ("Kernel throughput").
 */
public final class VectorSupport {

    public static final VectorSpecies<Float> FLOAT = FloatVector.SPECIES_PREFERRED;
    public static final int LANES = FLOAT.length();
    public static final VectorSpecies<Integer> INT = VectorSpecies.of(int.class, FLOAT.vectorShape());
    /** Bytes with {@link #LANES} lanes; null where no such shape exists (4 lanes would need 32-bit vectors). */
    public static final VectorSpecies<Byte> BYTE = LANES >= 8 ? VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * 8)) : null;
    public static final VectorSpecies<Short> SHORT = LANES >= 8 ? VectorSpecies.of(short.class, VectorShape.forBitSize(LANES * 16)) : null;

    private VectorSupport() {}

    /** Whether the vector kernels can run here (a float vector of 8 or 16 lanes). */
    public static boolean usable() {
        return LANES == 8 || LANES == 16;
    }

    /** One line for the start-up log, e.g. "Vector API: 256-bit, 8 float lanes (Species[float, 8, S_256_BIT])". */
    public static String describe() {
        return "Vector API: " + FLOAT.vectorBitSize() + "-bit, " + LANES + " float lanes (" + FLOAT + ")"
                + (usable() ? "" : " — unusable for the block kernels, scalar kernels in use");
    }
}
