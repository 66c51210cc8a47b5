package dev.tramontane.webapp.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code tramontane.*}; each can be set by a flag ({@code --tramontane.model=…}),
 * an environment variable ({@code TRAMONTANE_MODEL}) or {@code application.properties}.
 *
 * @param model   the GGUF model file to load at start-up; none means retrieval-only mode
 * @param dataDir where the index, database and uploads live
 * @param threads engine worker threads; 0 means one per available processor
 */
@ConfigurationProperties("tramontane")
public record TramontaneProperties(
        Path model,
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("0") int threads) {

    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
