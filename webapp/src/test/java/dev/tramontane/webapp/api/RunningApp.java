package dev.tramontane.webapp.api;

import dev.tramontane.webapp.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole app on a random port with the real Mistral-vocabulary fixture model and two API keys.
 * Every API test class extends this, so they share one Spring context (one start-up).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tramontane.api.keys=" + RunningApp.KEY + ", second-key",
        "tramontane.serving.max-tokens=512",
        "tramontane.serving.context-length=1024",
        "tramontane.serving.max-concurrent=4",
        "tramontane.serving.max-queue=64",
        "tramontane.api.max-body-size=256KB"})
abstract class RunningApp {

    static final String KEY = "test-key-7f3a";
    static final String MODEL_FILE = "models/mistral-vocab-mixtral-f16.gguf";

    private static final Path DATA_DIR = tempDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("tramontane.data-dir", DATA_DIR::toString);
        Path model = Fixtures.root().resolve(MODEL_FILE);
        registry.add("tramontane.model", () -> Files.exists(model) ? model.toString() : "");
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Skips (loudly) when the fixture model is missing. */
    static void requireModel() {
        Fixtures.require(MODEL_FILE);
    }

    HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + KEY).GET().build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("tramontane-api-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
