package dev.tramontane.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.LittleEndian;
import dev.tramontane.engine.quant.Q8Activations;
import dev.tramontane.engine.quant.Quantizer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WeightMatricesTest {

    @Test
    void refusesAnUnsupportedTypeNamingTheTensorTheTypeAndTheSupportedList() {
        MemorySegment data = Arena.ofAuto().allocate(74);
        assertThatThrownBy(() -> WeightMatrices.of("blk.3.ffn_down_exps.weight", GgmlType.IQ2_XS, data, 1, 256))
                .isInstanceOf(UnsupportedTensorTypeException.class)
                .hasMessageContaining("blk.3.ffn_down_exps.weight")
                .hasMessageContaining("IQ2_XS (17)")
                .hasMessageContaining(GgmlType.supportedNames());
    }

    @Test
    void refusesDataShorterThanTheShapeNeeds() {
        MemorySegment data = Arena.ofAuto().allocate(4 * 10 - 1);
        assertThatThrownBy(() -> WeightMatrices.of("output.weight", GgmlType.F32, data, 2, 5))
                .hasMessageContaining("output.weight")
                .hasMessageContaining("needs 40 bytes");
    }

    @Test
    void refusesARowLengthThatIsNotAMultipleOfTheBlockSize() {
        MemorySegment data = Arena.ofAuto().allocate(1000);
        assertThatThrownBy(() -> WeightMatrices.of(GgmlType.Q8_0, data, 1, 48))
                .hasMessageContaining("not a multiple of the block size 32");
    }

    @Test
    void readsF32RowsAndComputesTheirDotProducts() {
        MemorySegment data = Arena.ofAuto().allocate(4 * 6);
        float[] values = {1f, -2f, 0.5f, 3f, 4f, -1.25f};
        for (int i = 0; i < values.length; i++) {
            LittleEndian.putF32(data, 4L * i, values[i]);
        }
        WeightMatrix m = WeightMatrices.of(GgmlType.F32, data, 2, 3);
        float[] row = new float[3];
        m.dequantizeRow(1, row, 0);
        assertThat(row).containsExactly(3f, 4f, -1.25f);
        float[] out = new float[2];
        m.matvec(new float[] {1f, 2f, 4f}, out, 0, 2);
        assertThat(out).containsExactly(1f - 4f + 2f, 3f + 8f - 5f);
    }

    /**
     * The warm-up drops its thread's scratch arrays every round ({@link WeightMatrices#forgetThreadScratch});
     * the kernels that stage rows or keep per-block sums there must give the same numbers whether
     * their arrays are fresh, grown from a shorter row, or reused.
     */
    @ParameterizedTest
    @EnumSource(names = {"Q4_0", "Q4_K", "Q5_K", "Q6_K", "Q8_0"})
    void kernelsGiveTheSameProductsWithFreshGrownOrReusedScratch(GgmlType type) {
        Random random = new Random(5 + type.id());
        int rows = 3;
        float[][] outs = new float[3][];
        WeightMatrix shortRows = matrix(type, random, rows, 256);
        int cols = 1024;
        WeightMatrix m = matrix(type, random, rows, cols);
        float[] x = new float[cols];
        for (int i = 0; i < cols; i++) {
            x[i] = (float) random.nextGaussian();
        }
        Q8Activations xq = new Q8Activations(cols);
        xq.quantize(x, 0);
        Q8Activations shortXq = new Q8Activations(256);
        shortXq.quantize(x, 0);
        for (int pass = 0; pass < 3; pass++) {
            if (pass == 0) {
                WeightMatrices.forgetThreadScratch();
            } else if (pass == 1) {
                WeightMatrices.forgetThreadScratch();
                shortRows.matvecQ8(x, shortXq, new float[rows], 0, rows);
            }
            outs[pass] = new float[rows];
            m.matvecQ8(x, xq, outs[pass], 0, rows);
        }
        assertThat(outs[1]).containsExactly(outs[0]);
        assertThat(outs[2]).containsExactly(outs[0]);
        assertThat(outs[0]).isNotEqualTo(new float[rows]);
    }

    private static WeightMatrix matrix(GgmlType type, Random random, int rows, int cols) {
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        return WeightMatrices.fast(type, MemorySegment.ofArray(Quantizer.quantize(type, w)), rows, cols);
    }
}
