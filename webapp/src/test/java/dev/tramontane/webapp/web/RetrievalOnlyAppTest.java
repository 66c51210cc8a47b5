package dev.tramontane.webapp.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application without a model (retrieval-only mode) on a fresh data directory. Every UI
 * test class that extends this shares one Spring context, so the app starts once for all of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
abstract class RetrievalOnlyAppTest {

    static final Path DATA_DIR;

    static {
        try {
            DATA_DIR = Files.createTempDirectory("tramontane-ui-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("tramontane.data-dir", DATA_DIR::toString);
        // query translation is not what these tests are about; skipping the dictionaries saves seconds per start
        registry.add("tramontane.rag.freedict-dir", () -> DATA_DIR.resolve("no-dictionaries").toString());
    }

    @LocalServerPort
    int port;
}
