package dev.tramontane.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HomePageTest {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("tramontane.data-dir", () -> dataDir.toString());
        // A relative path that climbs up, as people type it; the file does not exist.
        registry.add("tramontane.model", () -> MISSING_MODEL);
    }

    static final String MISSING_MODEL = "../no-such-folder/missing.gguf";

    @Autowired
    ModelRuntime modelRuntime;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void homePageNamesTheProductAndExplainsHowToGetAModelWhenNoneIsLoaded() throws Exception {
        HttpResponse<String> response = get("/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("<title>Tramontane</title>")
                .contains("No model loaded")
                .contains("./tramontane serve --model")
                .containsPattern("id=\"document-count\">\\d+</span> documents");
    }

    @Test
    void aRelativeModelPathThatClimbsUpIsTakenAsTypedAndAMissingFileIsReportedNotFatal() throws Exception {
        ModelStatus modelStatus = modelRuntime.status();
        assertThat(modelStatus.path()).isEqualTo(Path.of(MISSING_MODEL));
        assertThat(modelStatus.loaded()).isFalse();
        assertThat(modelStatus.error()).contains("does not exist");
        assertThat(get("/").body()).contains("does not exist");
    }

    @Test
    void healthEndpointReportsUp() throws Exception {
        HttpResponse<String> response = get("/actuator/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void testJvmRunsWithTheVectorModuleTheAppRequires() {
        assertThat(VectorModuleCheck.vectorModulePresent()).isTrue();
    }
}
