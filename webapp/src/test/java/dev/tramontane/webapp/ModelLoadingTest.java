package dev.tramontane.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.webapp.ModelConfiguration.LoadedModel;
import dev.tramontane.webapp.config.TramontaneProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoadingTest {

    @TempDir
    Path dir;

    private LoadedModel load(Path model) {
        return new ModelConfiguration().loadedModel(new TramontaneProperties(model, dir, 0));
    }

    @Test
    void loadsARealGgufAndReportsItsName() {
        Path stories = Fixtures.require("models/stories260K.gguf");
        try (LoadedModel loaded = load(stories)) {
            assertThat(loaded.status().loaded()).isTrue();
            assertThat(loaded.model()).isPresent();
            assertThat(loaded.status().name()).isNotBlank();
        }
    }

    @Test
    void aCorruptModelFileLeavesTheAppInRetrievalOnlyModeWithTheReason() throws Exception {
        Path corrupt = Files.write(dir.resolve("broken.gguf"), "this is not a gguf file at all".getBytes());
        try (LoadedModel loaded = load(corrupt)) {
            assertThat(loaded.status().loaded()).isFalse();
            assertThat(loaded.model()).isEmpty();
            assertThat(loaded.status().error()).contains("broken.gguf");
        }
    }

    @Test
    void aMissingModelFileIsReportedNotThrown() {
        try (LoadedModel loaded = load(dir.resolve("nope.gguf"))) {
            assertThat(loaded.status().loaded()).isFalse();
            assertThat(loaded.status().error()).contains("does not exist");
        }
    }

    @Test
    void noConfiguredModelMeansRetrievalOnlyWithoutAnError() {
        try (LoadedModel loaded = load(null)) {
            assertThat(loaded.status().loaded()).isFalse();
            assertThat(loaded.status().error()).isNull();
        }
    }
}
