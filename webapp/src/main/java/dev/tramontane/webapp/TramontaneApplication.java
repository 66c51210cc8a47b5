package dev.tramontane.webapp;

import dev.tramontane.webapp.config.RetrievalProperties;
import dev.tramontane.webapp.config.ServingProperties;
import dev.tramontane.webapp.config.TramontaneProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The Tramontane web application: chat over your documents, document library, APIs. */
@SpringBootApplication
@EnableConfigurationProperties({TramontaneProperties.class, RetrievalProperties.class, ServingProperties.class})
public class TramontaneApplication {

    public static void main(String[] args) {
        // Refuse to start without the Vector API rather than silently running slow scalar code.
        VectorModuleCheck.requireVectorModule();
        SpringApplication.run(TramontaneApplication.class, args);
    }
}
