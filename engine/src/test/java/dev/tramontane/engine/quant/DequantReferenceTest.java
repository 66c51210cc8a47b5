package dev.tramontane.engine.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.tramontane.engine.Fixtures;
import dev.tramontane.engine.gguf.GgufFile;
import dev.tramontane.engine.gguf.GgufTensorInfo;
import dev.tramontane.engine.tensor.WeightMatrices;
import dev.tramontane.engine.tensor.WeightMatrix;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * llama.cpp's own dequantization of one tensor per type (fixtures/models/dequant-reference.json)
 * must be reproduced bit for bit. The file prints 8 significant digits, which do not always single
 * out one float, so the check is "equal up to the printing": our exact value lies within half a unit
 * of the 8th printed digit of the reference (any other float of the neighbourhood is a wrong
 * decode: a different scale or quant moves the value by far more). Decoded through the scalar and
 * the fast {@link WeightMatrix}.
 */
class DequantReferenceTest {

    @Test
    void everyTypeInTheReferenceDecodesExactlyAsLlamaCppDoes() throws Exception {
        Path json = Fixtures.require("models/dequant-reference.json");
        JsonNode root = JsonMapper.builder().build().readTree(json.toFile());
        Set<String> checked = new HashSet<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            JsonNode ref = entry.getValue();
            GgmlType type = GgmlType.valueOf(ref.get("ggml_type").asString());
            Path model = Fixtures.require("models/" + ref.get("file").asString());
            try (GgufFile file = GgufFile.open(model)) {
                GgufTensorInfo info = file.tensor(ref.get("tensor").asString()).orElseThrow();
                assertThat(info.type()).isEqualTo(type);
                int cols = Math.toIntExact(info.ne(0));
                int rows = Math.toIntExact(info.elementCount() / cols);
                JsonNode expected = ref.get("first_values");
                int n = expected.size();
                assertThat(n).isEqualTo((int) Math.min(512, info.elementCount()));
                for (WeightMatrix m : new WeightMatrix[] {
                        WeightMatrices.scalar(type, file.tensorData(info), rows, cols),
                        WeightMatrices.fast(type, file.tensorData(info), rows, cols)}) {
                    float[] values = new float[(n + cols - 1) / cols * cols];
                    for (int r = 0; r * cols < n; r++) {
                        m.dequantizeRow(r, values, r * cols);
                    }
                    for (int i = 0; i < n; i++) {
                        String printed = expected.get(i).asString();
                        assertThat((double) values[i]).as("%s %s value %d via %s", type, info.name(), i, m)
                                .isCloseTo(Double.parseDouble(printed), offset(halfUnitOfLastDigit(printed)));
                    }
                }
                checked.add(type.name());
            }
        }
        assertThat(checked).contains("F32", "F16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K");
    }

    /** Half a unit in the last printed significant digit of {@code printed} (8 significant digits, or fewer when trailing zeros were dropped). */
    static double halfUnitOfLastDigit(String printed) {
        java.math.BigDecimal v = new java.math.BigDecimal(printed);
        if (v.signum() == 0) {
            return 0;
        }
        // Printing drops trailing zeros, so the printed digits can be fewer than 8: use 8 significant digits.
        int exponent = v.precision() - v.scale() - 1;
        return 0.5 * Math.pow(10, exponent - 7);
    }
}
