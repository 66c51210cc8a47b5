package dev.tramontane.engine.quant;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Quantize → dequantize must land within the worst-case error each format allows. The bounds are
 * derived from the format and the quantizer, per block, from the block's own values (so they are
 * as tight for a quiet block as for a loud one):
 * <ul>
 *   <li>a scale stored as fp16 is off by at most 2^-11 relative; κ = 1/2 + Q·2^-11 bounds the error
 *       of a sub-scale rounded to Q levels of an fp16 super-scale, in units of that super-scale;
 *   <li>rounding a value to a grid of step s costs at most s/2;
 *   <li>a grid whose end was placed by a rounded scale can fall short of the block's extreme by the
 *       scale error times the number of steps (the clamp term).
 * </ul>
 * A slack of 1e-6 of the block's magnitude covers float arithmetic.
 */
class QuantizerRoundTripTest {

    private static final double HALF_ULP_F16 = Math.scalb(1.0, -11);
    private static final double HALF_ULP_BF16 = Math.scalb(1.0, -8);

    @ParameterizedTest
    @EnumSource(names = {"F32", "F16", "BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K"})
    void quantizedValuesComeBackWithinTheFormatsWorstCaseError(GgmlType type) {
        Random random = new Random(42 + type.id());
        float[] x = new float[256 * 24];
        for (int i = 0; i < x.length; i++) {
            // Blocks of varied loudness, some lopsided (all positive), some with an outlier.
            int block = i / 256;
            double g = random.nextGaussian() * (0.01 + block % 5);
            x[i] = (float) (block % 3 == 0 ? Math.abs(g) + 0.5 : g);
            if (random.nextInt(97) == 0) {
                x[i] *= 8;
            }
        }
        byte[] bytes = Quantizer.quantize(type, x);
        assertThat((long) bytes.length).isEqualTo(type.byteSize(x.length));
        float[] y = new float[x.length];
        Dequantizer.dequantize(type, MemorySegment.ofArray(bytes), 0, x.length, y, 0);

        int n = type.blockSize() == 1 ? 1 : type.blockSize();
        for (int start = 0; start < x.length; start += n) {
            double bound = bound(type, x, start, n);
            for (int i = start; i < start + n; i++) {
                assertThat((double) Math.abs(y[i] - x[i]))
                        .as("%s element %d: x=%s y=%s", type, i, x[i], y[i])
                        .isLessThanOrEqualTo(bound);
            }
        }
    }

    private static double bound(GgmlType type, float[] x, int start, int n) {
        double amax = 0, min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (int i = start; i < start + n; i++) {
            amax = Math.max(amax, Math.abs(x[i]));
            min = Math.min(min, x[i]);
            max = Math.max(max, x[i]);
        }
        double slack = 1e-6 * amax;
        return slack + switch (type) {
            case F32 -> 0;
            case F16 -> amax * HALF_ULP_F16 + Math.scalb(1.0, -25); // below 2^-14 fp16 is subnormal: fixed step 2^-24
            case BF16 -> amax * HALF_ULP_BF16;
            // |d| = amax/8; rounding costs d/2, but the side opposite the extreme clamps at +7: d.
            case Q4_0 -> amax / 8 * (1 + 8 * HALF_ULP_F16);
            case Q5_0 -> amax / 16 * (1 + 16 * HALF_ULP_F16);
            case Q8_0 -> amax / 127 * (0.5 + 127 * HALF_ULP_F16);
            case Q4_1 -> (max - min) / 15 * (0.5 + 15 * HALF_ULP_F16) + Math.abs(min) * HALF_ULP_F16;
            case Q5_1 -> (max - min) / 31 * (0.5 + 31 * HALF_ULP_F16) + Math.abs(min) * HALF_ULP_F16;
            case Q2_K -> affineK(x, start, 16, 3, 15);
            case Q4_K -> affineK(x, start, 32, 15, 63);
            case Q5_K -> affineK(x, start, 32, 31, 63);
            case Q6_K -> {
                double s = subMax(x, start, 16) / 31;
                double d = s / 127;
                double kappa = 0.5 + 127 * HALF_ULP_F16;
                yield (s + kappa * d) / 2 + 31 * kappa * d;
            }
            case Q3_K -> {
                // Largest value maps to -4; its opposite side reaches only +3 (a full step s short),
                // and a sub-scale that rounds to +32 is clamped to 31 (one more d of scale error).
                double s = subMax(x, start, 16) / 4;
                double d = s / 32;
                double scaleError = (0.5 + 32 * HALF_ULP_F16) * d + d;
                yield s + 4 * scaleError;
            }
            default -> throw new AssertionError(type);
        };
    }

    /** Asymmetric K-quants: levels 0..maxQ per sub-block, sub-scales and sub-mins on scaleLevels levels. */
    private static double affineK(float[] x, int start, int sub, int maxQ, int scaleLevels) {
        double maxStep = 0, maxNegMin = 0;
        for (int s = start; s < start + 256; s += sub) {
            double lo = 0, hi = 0;
            for (int i = s; i < s + sub; i++) {
                lo = Math.min(lo, x[i]);
                hi = Math.max(hi, x[i]);
            }
            maxStep = Math.max(maxStep, (hi - lo) / maxQ);
            maxNegMin = Math.max(maxNegMin, -lo);
        }
        double kappa = 0.5 + scaleLevels * HALF_ULP_F16;
        double d = maxStep / scaleLevels;
        double dmin = maxNegMin / scaleLevels;
        return (maxStep + kappa * d) / 2 + maxQ * kappa * d + kappa * dmin;
    }

    private static double subMax(float[] x, int start, int sub) {
        double m = 0;
        for (int i = start; i < start + 256; i++) {
            m = Math.max(m, Math.abs(x[i]));
        }
        return m;
    }
}
