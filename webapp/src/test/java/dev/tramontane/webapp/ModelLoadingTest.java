package dev.tramontane.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.model.KvCacheType;
import dev.tramontane.webapp.config.ServingProperties;
import dev.tramontane.webapp.config.TramontaneProperties;
import dev.tramontane.webapp.model.ModelChoiceFile;
import dev.tramontane.webapp.model.ModelLoader;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoadingTest {

    @TempDir
    Path dir;

    private ModelRuntime load(Path model) {
        var none = new StaticListableBeanFactory();
        ModelConfiguration configuration = new ModelConfiguration();
        ModelLoader loader = configuration.modelLoader(new ServingProperties(2, 4, 64, 256, 0, KvCacheType.F16, false),
                none.getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class),
                none.getBeanProvider(io.micrometer.observation.ObservationRegistry.class));
        return configuration.modelRuntime(new TramontaneProperties(model, dir, 0), loader, new ModelChoiceFile(dir));
    }

    @Test
    void loadsARealGgufAndReportsItsName() {
        Path stories = Fixtures.require("models/stories260K.gguf");
        try (ModelRuntime loaded = load(stories)) {
            assertThat(loaded.status().loaded()).isTrue();
            assertThat(loaded.model()).isPresent();
            assertThat(loaded.status().name()).isNotBlank();
            assertThat(loaded.inferenceService()).isPresent();
            String answer = loaded.chatModel().orElseThrow().call("Once upon a time");
            assertThat(answer).isNotBlank();
        }
    }

    @Test
    void aCorruptModelFileLeavesTheAppInRetrievalOnlyModeWithTheReason() throws Exception {
        Path corrupt = Files.write(dir.resolve("broken.gguf"), "this is not a gguf file at all".getBytes());
        try (ModelRuntime loaded = load(corrupt)) {
            assertThat(loaded.status().loaded()).isFalse();
            assertThat(loaded.model()).isEmpty();
            assertThat(loaded.status().error()).contains("broken.gguf");
        }
    }

    @Test
    void aMissingModelFileIsReportedNotThrown() {
        try (ModelRuntime loaded = load(dir.resolve("nope.gguf"))) {
            assertThat(loaded.status().loaded()).isFalse();
            assertThat(loaded.status().error()).contains("does not exist");
        }
    }

    @Test
    void noConfiguredModelMeansRetrievalOnlyWithoutAnError() {
        try (ModelRuntime loaded = load(null)) {
            assertThat(loaded.status().loaded()).isFalse();
            assertThat(loaded.status().error()).isNull();
        }
    }

    @Test
    void withoutTramontaneModelTheFileLastLoadedAtRunTimeIsServedAfterARestart() throws Exception {
        Path stories = Fixtures.require("models/stories260K.gguf");
        new ModelChoiceFile(dir).write(stories);
        try (ModelRuntime loaded = load(null)) {
            assertThat(loaded.status().loaded()).isTrue();
            assertThat(loaded.status().path()).isEqualTo(stories.toAbsolutePath().normalize());
        }
    }

    @Test
    void tramontaneModelWinsOverTheFileLastLoadedAtRunTime() throws Exception {
        new ModelChoiceFile(dir).write(Fixtures.require("models/stories260K.gguf"));
        try (ModelRuntime loaded = load(dir.resolve("given-on-the-command-line.gguf"))) {
            assertThat(loaded.status().path()).isEqualTo(dir.resolve("given-on-the-command-line.gguf"));
            assertThat(loaded.status().loaded()).isFalse();
        }
    }
}
