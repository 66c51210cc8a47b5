package dev.tramontane.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How closely two paths through the model (a batched step and one-token steps) must agree on the
 * same tokens. Both add the same products in different orders (tiles of tokens against one token),
 * so they differ in the last bits. Where nothing is rounded on the way — float activations
 * ({@link ActivationPrecision#F32}) and an F32 KV cache — that is all: they must agree to float
 * tolerance, 10⁻⁵ of the largest logit (measured: each stays within 2.5·10⁻⁶ of the float64
 * reference on the random test models). Where values are rounded on the way — 8-bit activations
 * before each quantized product, F16 or Q8_0 keys and values — a last-bit difference that
 * straddles a rounding boundary moves one value by a whole rounding step, so each path carries
 * its own rounding error r against the unrounded pass (F32 activations, F32 KV cache) on the same
 * model, and by the triangle inequality the two are at most r_batched + r_one apart. Both paths
 * round the same values by the same rule, so their errors are of one size; the bound used is
 * therefore 2·r_one, with r_one measured on the same tokens. A wrong matrix, token, expert or cache
 * slot moves the logits by the size of the logits themselves, far beyond it.
 */
final class RoundingAgreement {

    /** Float tolerance, relative to the largest logit, where nothing is rounded on the way. */
    static final double FLOAT_TOLERANCE = 1e-5;

    private RoundingAgreement() {}

    /** Whether a pass with these settings rounds values on the way (see the class comment). */
    static boolean rounds(ActivationPrecision activations, KvCacheType kvType) {
        return activations != ActivationPrecision.F32 || kvType != KvCacheType.F32;
    }

    /**
     * Asserts that {@code actual} and {@code expected} (the same tokens through two paths of a pass
     * with {@code activations} and {@code kvType}) agree: to float tolerance if nothing is rounded,
     * else within twice the distance of {@code expected} from {@code unrounded} (the one-token path
     * with F32 activations and an F32 KV cache).
     */
    static void assertAgree(float[] actual, float[] expected, float[] unrounded, ActivationPrecision activations,
                            KvCacheType kvType, String what) {
        double apart = maxDifference(actual, expected);
        if (!rounds(activations, kvType)) {
            double scale = 0;
            for (float v : expected) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertThat(apart / scale).as("%s: max |Δ| %s over logits up to %s", what, apart, scale)
                    .isLessThanOrEqualTo(FLOAT_TOLERANCE);
            return;
        }
        double roundingError = maxDifference(expected, unrounded);
        assertThat(apart).as("%s: the two paths differ by %s, the one-token path and the unrounded pass by %s", what, apart,
                roundingError).isLessThanOrEqualTo(2 * roundingError);
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
