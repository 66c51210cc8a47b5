package dev.tramontane.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /api/model} on the running app (shared context of the API tests, with the Mistral-vocabulary
 * fixture loaded): Bearer key required, bad paths refused with the reason, and a load at run time
 * (of the same file, so the other API tests see the same model afterwards) answered 202 and
 * followed to READY, after which {@code /v1} answers from the new instance.
 */
class ModelApiTest extends RunningApp {

    @Autowired
    ObjectMapper json;

    private JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    @Test
    void theModelEndpointNeedsTheApiKey() {
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(base() + "/api/model")).GET().build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(base() + "/api/model"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"/x.gguf\"}")).build());
        assertThat(post.statusCode()).isEqualTo(401);
    }

    @Test
    void aPathThatIsMissingOrNotAFileIsRefusedWithTheReason() {
        HttpResponse<String> empty = post("/api/model", "{}");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(body(empty).at("/error/param").asString()).isEqualTo("path");

        HttpResponse<String> missing = post("/api/model", "{\"path\": \"/nowhere/mixtral.gguf\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(body(missing).at("/error/message").asString()).isEqualTo("There is no file at /nowhere/mixtral.gguf. Check the path.");
    }

    @Test
    void aLoadIsAcceptedFollowedToReadyAndTheApiThenAnswersFromTheNewModel() throws Exception {
        requireModel();
        JsonNode before = body(get("/api/model"));
        assertThat(before.get("loaded").asBoolean()).isTrue();
        String path = before.get("path").asString();

        HttpResponse<String> accepted = post("/api/model", json.writeValueAsString(java.util.Map.of("path", path)));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("Location")).contains("/api/model");
        assertThat(body(accepted).get("path").asString()).isEqualTo(path);

        JsonNode status = body(get("/api/model"));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!status.at("/load/finished").asBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            status = body(get("/api/model"));
        }
        assertThat(status.at("/load/stage").asString()).as(status.toString()).isEqualTo("READY");
        assertThat(status.at("/load/percent").asInt()).isEqualTo(100);
        assertThat(status.at("/load/total").asInt()).isZero(); // READY has no count of its own
        assertThat(status.get("loaded").asBoolean()).isTrue();
        assertThat(status.get("name").asString()).isEqualTo(before.get("name").asString());

        HttpResponse<String> answer = post("/v1/chat/completions", "{\"model\": \"" + status.get("name").asString()
                + "\", \"max_tokens\": 3, \"temperature\": 0, \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(body(answer).at("/usage/completion_tokens").asInt()).isPositive();
    }
}
