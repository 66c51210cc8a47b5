package dev.tramontane.webapp;

import dev.tramontane.webapp.config.TramontaneProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the configured model at start-up; without one the app runs in retrieval-only mode. */
@Configuration(proxyBeanMethods = false)
class ModelConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ModelConfiguration.class);

    @Bean
    ModelStatus modelStatus(TramontaneProperties properties) {
        Path model = properties.model();
        if (model == null) {
            log.info("No model configured (--model FILE): running in retrieval-only mode.");
            return ModelStatus.none();
        }
        if (!Files.isRegularFile(model)) {
            String error = "model file " + model.toAbsolutePath() + " does not exist or is not a file";
            log.error("{}; running in retrieval-only mode.", error);
            return ModelStatus.failed(model, error);
        }
        return ModelStatus.loaded(model, model.getFileName().toString());
    }
}
