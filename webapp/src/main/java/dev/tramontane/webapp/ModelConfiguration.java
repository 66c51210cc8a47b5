package dev.tramontane.webapp;

import dev.tramontane.webapp.config.ServingProperties;
import dev.tramontane.webapp.config.TramontaneProperties;
import dev.tramontane.webapp.model.ModelChoiceFile;
import dev.tramontane.webapp.model.ModelLoader;
import dev.tramontane.webapp.model.ModelSwitcher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The model slot: loads a model at start-up and lets Settings or {@code POST /api/model} replace it
 * at run time ({@link ModelSwitcher}). Which file at start-up: {@code --model} /
 * {@code tramontane.model} when given, else the file last loaded at run time (stored under the data
 * directory), else none. A missing or unusable file does not stop the app: it runs in retrieval-only
 * mode and the pages say why, so documents and search stay available.
 */
@Configuration(proxyBeanMethods = false)
class ModelConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ModelConfiguration.class);

    @Bean
    ModelLoader modelLoader(ServingProperties serving, ObjectProvider<MeterRegistry> meters,
            ObjectProvider<ObservationRegistry> observations) {
        return new ModelLoader(serving.toServiceConfig(), serving.repack(), meters.getIfAvailable(SimpleMeterRegistry::new),
                observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    @Bean
    ModelChoiceFile modelChoiceFile(TramontaneProperties properties) {
        return new ModelChoiceFile(properties.dataDir());
    }

    @Bean(destroyMethod = "close")
    ModelRuntime modelRuntime(TramontaneProperties properties, ModelLoader loader, ModelChoiceFile choice) {
        return new ModelRuntime(initialModel(properties, loader, choice));
    }

    @Bean(destroyMethod = "close")
    ModelSwitcher modelSwitcher(ModelRuntime runtime, ModelLoader loader, ModelChoiceFile choice,
            @Value("${tramontane.model-drain-timeout:10m}") Duration drainTimeout) {
        return new ModelSwitcher(runtime, loader, choice, drainTimeout);
    }

    static ServedModel initialModel(TramontaneProperties properties, ModelLoader loader, ModelChoiceFile choice) {
        Optional<Path> stored = choice.read();
        Path path = properties.model() != null ? properties.model() : stored.orElse(null);
        if (path == null) {
            log.info("No model configured (--model FILE, or Load on the Settings page): running in retrieval-only mode.");
            return ServedModel.none();
        }
        String origin = properties.model() != null ? "tramontane.model" : "the model last loaded from Settings (" + choice.location() + ")";
        try {
            long start = System.nanoTime();
            ServedModel served = loader.load(path);
            log.info("Loaded model {} from {} ({}) in {} ms", served.status().name(), path, origin,
                    (System.nanoTime() - start) / 1_000_000);
            return served;
        } catch (RuntimeException e) {
            log.error("{} (from {}); running in retrieval-only mode.", e.getMessage(), origin);
            return ServedModel.failed(path, e.getMessage());
        }
    }
}
