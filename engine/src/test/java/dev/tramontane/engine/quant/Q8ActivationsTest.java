package dev.tramontane.engine.quant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The widened copies and block sums that the short-lane kernels read must match the byte quants they come from. */
class Q8ActivationsTest {

    @Test
    void wideQuantsBlockSumsAndPairSumsMatchTheByteQuants() {
        Random random = new Random(5);
        float[] x = new float[512];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * (1 + i % 5));
        }
        Q8Activations xq = new Q8Activations(x.length);
        xq.quantize(x, 0);
        for (int i = 0; i < x.length; i++) {
            assertThat(xq.q8_0WideQuants()[i]).as("Q8_0 value %d", i).isEqualTo((short) xq.q8_0Quants()[i]);
            assertThat(xq.q8KWideQuants()[i]).as("Q8_K value %d", i).isEqualTo((short) xq.q8KQuants()[i]);
        }
        for (int b = 0; b < x.length / 32; b++) {
            int sum = 0;
            for (int i = 32 * b; i < 32 * b + 32; i++) {
                sum += xq.q8_0Quants()[i];
            }
            assertThat(xq.q8_0QuantSums()[b]).as("block %d", b).isEqualTo((float) sum);
            int kSum = 0;
            for (int i = 32 * b; i < 32 * b + 32; i++) {
                kSum += xq.q8KQuants()[i];
            }
            assertThat(xq.q8KPairSums()[b]).as("Q8_K quants %d .. %d", 32 * b, 32 * b + 31).isEqualTo(kSum);
        }
    }

    @Test
    void anAllZeroBlockLeavesNoStaleWideQuantsBehind() {
        Q8Activations xq = new Q8Activations(256);
        float[] x = new float[256];
        java.util.Arrays.fill(x, 3f);
        xq.quantize(x, 0);
        xq.quantize(new float[256], 0);
        for (int i = 0; i < 256; i++) {
            assertThat(xq.q8_0WideQuants()[i]).isZero();
            assertThat(xq.q8KWideQuants()[i]).isZero();
        }
        assertThat(xq.q8_0QuantSums()[0]).isZero();
        assertThat(xq.q8KPairSums()).containsOnly(0);
    }
}
