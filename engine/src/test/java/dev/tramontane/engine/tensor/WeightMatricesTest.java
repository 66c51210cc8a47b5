package dev.tramontane.engine.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.LittleEndian;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

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
}
