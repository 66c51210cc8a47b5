package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.GgmlType;
import java.lang.foreign.MemorySegment;

/**
 * Creates the {@link WeightMatrix} for a tensor's bytes. The fast (Vector API) kernels are the
 * default; the system property {@code tramontane.kernels=scalar} selects the plain scalar twins
 * everywhere, for debugging and for comparing the two.
 */
public final class WeightMatrices {

    /** System property that forces the scalar kernels when set to {@code scalar}. */
    public static final String KERNELS_PROPERTY = "tramontane.kernels";

    private WeightMatrices() {}

    /** A view of {@code data} as {@code rows × cols} weights of {@code type} (cols is GGML's ne0). */
    public static WeightMatrix of(GgmlType type, MemorySegment data, int rows, int cols) {
        return of(null, type, data, rows, cols);
    }

    /** Like {@link #of(GgmlType, MemorySegment, int, int)}, naming {@code tensorName} in errors. */
    public static WeightMatrix of(String tensorName, GgmlType type, MemorySegment data, int rows, int cols) {
        return scalarForced() ? scalar(tensorName, type, data, rows, cols) : fast(tensorName, type, data, rows, cols);
    }

    /**
     * Drops the calling thread's kernel scratch arrays, so that its next products grow them again.
     * For the JIT warm-up: the kernels fetch their per-thread arrays through a "grow if too small"
     * branch, and a warm-up that only ever multiplied small slices saw that branch taken once,
     * before profiling began; C2 then compiled it as never taken, and the first real row on a
     * thread of the worker pool (longer rows, fresh arrays) hit the trap and threw the compiled
     * kernel away, e.g. the Q6_K output matrix's in the middle of the first token. Calling this
     * every warm-up round keeps the branch in the profile.
     */
    public static void forgetThreadScratch() {
        KernelScratch.forgetCurrent();
    }

    /** Whether {@code tramontane.kernels=scalar} is in effect. */
    public static boolean scalarForced() {
        return "scalar".equalsIgnoreCase(System.getProperty(KERNELS_PROPERTY, ""));
    }

    /** The plain scalar implementation (the test oracle of every fast kernel). */
    public static WeightMatrix scalar(GgmlType type, MemorySegment data, int rows, int cols) {
        return scalar(null, type, data, rows, cols);
    }

    /** The fastest implementation this JVM offers, regardless of {@link #KERNELS_PROPERTY}. */
    public static WeightMatrix fast(GgmlType type, MemorySegment data, int rows, int cols) {
        return fast(null, type, data, rows, cols);
    }

    private static WeightMatrix scalar(String tensorName, GgmlType type, MemorySegment data, int rows, int cols) {
        try {
            return switch (type) {
                case F32 -> new F32Matrix(data, rows, cols);
                case F16 -> new F16Matrix(data, rows, cols);
                case BF16 -> new BF16Matrix(data, rows, cols);
                case Q4_0 -> new Q4_0Matrix(data, rows, cols);
                case Q4_1 -> new Q4_1Matrix(data, rows, cols);
                case Q5_0 -> new Q5_0Matrix(data, rows, cols);
                case Q5_1 -> new Q5_1Matrix(data, rows, cols);
                case Q8_0 -> new Q8_0Matrix(data, rows, cols);
                case Q2_K -> new Q2KMatrix(data, rows, cols);
                case Q3_K -> new Q3KMatrix(data, rows, cols);
                case Q4_K -> new Q4KMatrix(data, rows, cols);
                case Q5_K -> new Q5KMatrix(data, rows, cols);
                case Q6_K -> new Q6KMatrix(data, rows, cols);
                default -> throw unsupported(tensorName, type);
            };
        } catch (IllegalArgumentException e) {
            throw named(tensorName, e);
        }
    }

    private static WeightMatrix fast(String tensorName, GgmlType type, MemorySegment data, int rows, int cols) {
        if (!VectorSupport.usable()) {
            return scalar(tensorName, type, data, rows, cols);
        }
        try {
            return switch (type) {
                case F32 -> new F32VectorMatrix(data, rows, cols);
                case F16 -> new F16VectorMatrix(data, rows, cols);
                case BF16 -> new BF16VectorMatrix(data, rows, cols);
                case Q4_0 -> new Q4_0VectorMatrix(data, rows, cols);
                case Q4_1 -> new Q4_1VectorMatrix(data, rows, cols);
                case Q5_0 -> new Q5_0VectorMatrix(data, rows, cols);
                case Q5_1 -> new Q5_1VectorMatrix(data, rows, cols);
                case Q8_0 -> new Q8_0VectorMatrix(data, rows, cols);
                case Q2_K -> new Q2KVectorMatrix(data, rows, cols);
                case Q3_K -> new Q3KVectorMatrix(data, rows, cols);
                case Q4_K -> new Q4KVectorMatrix(data, rows, cols);
                case Q5_K -> new Q5KVectorMatrix(data, rows, cols);
                case Q6_K -> new Q6KVectorMatrix(data, rows, cols);
                default -> throw unsupported(tensorName, type);
            };
        } catch (IllegalArgumentException e) {
            throw named(tensorName, e);
        }
    }

    private static UnsupportedTensorTypeException unsupported(String tensorName, GgmlType type) {
        return new UnsupportedTensorTypeException(tensorName, type);
    }

    private static IllegalArgumentException named(String tensorName, IllegalArgumentException e) {
        if (tensorName == null || e instanceof UnsupportedTensorTypeException) {
            return e;
        }
        return new IllegalArgumentException("tensor " + tensorName + ": " + e.getMessage(), e);
    }
}
