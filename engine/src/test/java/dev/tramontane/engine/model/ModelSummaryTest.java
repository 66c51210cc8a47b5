package dev.tramontane.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.Fixtures;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ModelSummaryTest {

    @Test
    void countsEveryParameterAndOnlyTheRoutedExpertsAsActive() throws IOException {
        try (Model model = Model.load(Fixtures.require("models/tiny-mixtral-f32.gguf"))) {
            ModelSummary s = ModelSummary.of(model.gguf(), model.config());
            // dim 128, 2 layers, 4 heads / 2 KV heads (kv width 64), ff 256, 8 experts top-2, vocab 512
            long perLayerAttention = 128 * 128 + 2 * 128 * 64 + 128 * 128 + 2 * 128;
            long perExpert = 3L * 128 * 256;
            long perLayer = perLayerAttention + 128 * 8 + 8 * perExpert;
            long total = 512 * 128 * 2 + 128 + 2 * perLayer;
            assertThat(s.parameters()).isEqualTo(total);
            assertThat(s.activeParameters()).isEqualTo(total - 2 * 6 * perExpert);
            assertThat(s.weightBytes()).isEqualTo(4 * total);
            assertThat(s.kvCacheBytes(100, KvCacheType.F32)).isEqualTo(2L * 2 * 100 * 64 * 4);
            assertThat(s.kvCacheBytes(100, KvCacheType.F16)).isEqualTo(2L * 2 * 100 * 64 * 2);
            assertThat(s.kvCacheBytes(100, KvCacheType.Q8_0)).as("64 values = 2 blocks of 34 bytes")
                    .isEqualTo(2L * 2 * 100 * 2 * 34);
        }
    }

    @Test
    void aDenseModelUsesAllItsParameters() throws IOException {
        try (Model model = Model.load(Fixtures.require("models/stories260K.gguf"))) {
            ModelSummary s = ModelSummary.of(model.gguf(), model.config());
            assertThat(s.activeParameters()).isEqualTo(s.parameters());
        }
    }
}
