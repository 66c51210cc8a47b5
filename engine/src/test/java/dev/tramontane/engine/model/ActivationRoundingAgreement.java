package dev.tramontane.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check for paths that meet 8-bit activations ({@link ActivationPrecision#Q8}) in different
 * kernels: a batched step multiplies the rounded activations in float tiles, a one-token step in
 * integers, so their sums differ in the last bits, and where such a difference straddles a rounding
 * boundary of the next layer's 8-bit activations one value moves by a whole rounding step. The two
 * paths must therefore agree at least as closely as either agrees with the float-activation pass
 * ({@link ActivationPrecision#F32}), whose distance is the activation rounding's own error: a
 * wrong matrix, token or rounding moves the logits far beyond it.
 */
final class ActivationRoundingAgreement {

    private ActivationRoundingAgreement() {}

    /** Asserts max|actual − expected| ≤ max|expected − withFloatActivations| (and not NaN). */
    static void assertAgree(float[] actual, float[] expected, float[] withFloatActivations, String what) {
        double apart = maxDifference(actual, expected);
        double roundingError = maxDifference(expected, withFloatActivations);
        assertThat(apart).as("%s: the two 8-bit paths differ by %s, the 8-bit and float activations by %s", what, apart,
                roundingError).isLessThanOrEqualTo(roundingError);
    }

    static double maxDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            if (Double.isNaN(d)) {
                return Double.POSITIVE_INFINITY;
            }
            worst = Math.max(worst, d);
        }
        return worst;
    }
}
