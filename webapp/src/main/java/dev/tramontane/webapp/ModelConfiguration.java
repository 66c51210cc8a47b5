package dev.tramontane.webapp;

import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.serve.InferenceService;
import dev.tramontane.engine.serve.JsonConstraintCompiler;
import dev.tramontane.engine.serve.MicrometerServiceMetrics;
import dev.tramontane.engine.spring.TramontaneChatModel;
import dev.tramontane.webapp.config.ServingProperties;
import dev.tramontane.webapp.config.TramontaneProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the configured model at start-up and puts the inference service and the Spring AI chat
 * model over it. A missing or unusable file does not stop the app: it runs in retrieval-only mode
 * and the home page says why, so documents and search stay available.
 */
@Configuration(proxyBeanMethods = false)
class ModelConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ModelConfiguration.class);

    @Bean(destroyMethod = "close")
    ModelRuntime modelRuntime(TramontaneProperties properties, ServingProperties serving,
            ObjectProvider<MeterRegistry> meters, ObjectProvider<ObservationRegistry> observations) {
        Path path = properties.model();
        if (path == null) {
            log.info("No model configured (--model FILE): running in retrieval-only mode.");
            return ModelRuntime.none();
        }
        if (!Files.isRegularFile(path)) {
            return failed(path, "model file " + path.toAbsolutePath() + " does not exist or is not a file");
        }
        Model model;
        try {
            long start = System.nanoTime();
            model = Model.load(path);
            log.info("Loaded model {} from {} in {} ms", ModelRuntime.nameOf(model, path), path,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (Exception e) {
            return failed(path, "cannot load " + path.getFileName() + ": " + e.getMessage());
        }
        InferenceService service = new InferenceService(model, serving.toServiceConfig(),
                new MicrometerServiceMetrics(meters.getIfAvailable(SimpleMeterRegistry::new)),
                new JsonConstraintCompiler());
        TramontaneChatModel chatModel = TramontaneChatModel.builder(service)
                .modelName(ModelRuntime.nameOf(model, path))
                .observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP))
                .build();
        return ModelRuntime.loaded(path, model, service, chatModel);
    }

    @Bean
    ModelStatus modelStatus(ModelRuntime runtime) {
        return runtime.status();
    }

    private static ModelRuntime failed(Path path, String error) {
        log.error("{}; running in retrieval-only mode.", error);
        return ModelRuntime.failed(path, error);
    }
}
