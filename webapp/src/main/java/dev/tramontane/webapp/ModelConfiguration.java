package dev.tramontane.webapp;

import dev.tramontane.engine.model.Model;
import dev.tramontane.webapp.config.TramontaneProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the configured model at start-up. A missing or unusable file does not stop the app: it runs
 * in retrieval-only mode and the home page says why, so documents and search stay available.
 */
@Configuration(proxyBeanMethods = false)
class ModelConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ModelConfiguration.class);

    @Bean(destroyMethod = "close")
    LoadedModel loadedModel(TramontaneProperties properties) {
        Path path = properties.model();
        if (path == null) {
            log.info("No model configured (--model FILE): running in retrieval-only mode.");
            return new LoadedModel(Optional.empty(), ModelStatus.none());
        }
        if (!Files.isRegularFile(path)) {
            return failed(path, "model file " + path.toAbsolutePath() + " does not exist or is not a file");
        }
        try {
            long start = System.nanoTime();
            Model model = Model.load(path);
            String name = model.gguf().metadata().getString("general.name", path.getFileName().toString());
            log.info("Loaded model {} from {} in {} ms", name, path, (System.nanoTime() - start) / 1_000_000);
            return new LoadedModel(Optional.of(model), ModelStatus.loaded(path, name));
        } catch (Exception e) {
            return failed(path, "cannot load " + path.getFileName() + ": " + e.getMessage());
        }
    }

    @Bean
    ModelStatus modelStatus(LoadedModel loadedModel) {
        return loadedModel.status();
    }

    private static LoadedModel failed(Path path, String error) {
        log.error("{}; running in retrieval-only mode.", error);
        return new LoadedModel(Optional.empty(), ModelStatus.failed(path, error));
    }

    /** The model, when one loaded, with its status; closing it unmaps the file. */
    record LoadedModel(Optional<Model> model, ModelStatus status) implements AutoCloseable {
        @Override
        public void close() {
            model.ifPresent(Model::close);
        }
    }
}
