package dev.tramontane.webapp;

import dev.tramontane.webapp.web.DocumentCount;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the document library (index, ingestion) into the application. */
@Configuration(proxyBeanMethods = false)
class LibraryConfiguration {

    // Replaced by the Lucene-backed count when the retrieval module is wired in.
    @Bean
    DocumentCount documentCount() {
        return () -> 0;
    }
}
