package dev.tramontane.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Status codes and OpenAI's error shape for what clients get wrong, and the security defaults. */
class ApiErrorsAndSecurityTest extends RunningApp {

    private static JsonNode error(HttpResponse<String> r) {
        JsonNode error = JsonMapper.builder().build().readTree(r.body()).path("error");
        assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code")).as(r.body()).isTrue();
        return error;
    }

    private HttpResponse<String> postWith(String authorization, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b.build());
    }

    @Test
    void aMissingOrWrongKeyIs401InOpenAiShape() {
        HttpResponse<String> missing = postWith(null, "/v1/chat/completions", "{}");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(error(missing).path("code").asString()).isEqualTo("missing_api_key");
        HttpResponse<String> wrong = postWith("Bearer nope", "/v1/chat/completions", "{}");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(error(wrong).path("code").asString()).isEqualTo("invalid_api_key");
        assertThat(send(HttpRequest.newBuilder(URI.create(base() + "/api/documents")).GET().build()).statusCode()).isEqualTo(401);
    }

    @Test
    void everyConfiguredKeyIsAccepted() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base() + "/v1/models"))
                .header("Authorization", "Bearer " + KEY).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"object\":\"list\"");
    }

    @Test
    void anUnknownModelIs404AndBadParametersAre400NamingTheParameter() {
        requireModel();
        HttpResponse<String> unknown = post("/v1/chat/completions", """
                {"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(error(unknown).path("code").asString()).isEqualTo("model_not_found");

        HttpResponse<String> n = post("/v1/chat/completions", """
                {"model":"mistral-vocab-mixtral-f16.gguf","messages":[{"role":"user","content":"hi"}],"n":2}""");
        assertThat(n.statusCode()).isEqualTo(400);
        assertThat(error(n).path("param").asString()).isEqualTo("n");

        HttpResponse<String> temperature = post("/v1/chat/completions", """
                {"model":"mistral-vocab-mixtral-f16","messages":[{"role":"user","content":"hi"}],"temperature":7}""");
        assertThat(temperature.statusCode()).isEqualTo(400);
        assertThat(error(temperature).path("param").asString()).isEqualTo("temperature");

        HttpResponse<String> noMessages = post("/v1/chat/completions", """
                {"model":"mistral-vocab-mixtral-f16","messages":[]}""");
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(error(noMessages).path("param").asString()).isEqualTo("messages");

        HttpResponse<String> notJson = post("/v1/chat/completions", "{not json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(error(notJson).path("code").asString()).isEqualTo("invalid_json");
    }

    @Test
    void aPromptLongerThanTheContextIs400ContextLengthExceeded() {
        requireModel();
        String longText = "word ".repeat(3000);
        HttpResponse<String> r = post("/v1/chat/completions", """
                {"model":"mistral-vocab-mixtral-f16","messages":[{"role":"user","content":"%s"}],"max_tokens":10}""".formatted(longText));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(error(r).path("code").asString()).isEqualTo("context_length_exceeded");
        HttpResponse<String> streamed = post("/v1/chat/completions", """
                {"model":"mistral-vocab-mixtral-f16","messages":[{"role":"user","content":"%s"}],"stream":true}""".formatted(longText));
        assertThat(streamed.statusCode()).isEqualTo(400);
        assertThat(error(streamed).path("code").asString()).isEqualTo("context_length_exceeded");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "a".repeat(300 * 1024) + "\"}]}";
        HttpResponse<String> r = post("/v1/chat/completions", big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(error(r).path("code").asString()).isEqualTo("request_too_large");
    }

    @Test
    void aKeyThatExceedsItsBurstGets429WithRetryAfter() {
        HttpResponse<String> last = null;
        // The burst is 100 and the bucket refills at 10 per second while the loop runs.
        for (int i = 0; i < 1000; i++) {
            last = send(HttpRequest.newBuilder(URI.create(base() + "/v1/models")).header("Authorization", "Bearer second-key").GET().build());
            if (last.statusCode() == 429) {
                break;
            }
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(error(last).path("code").asString()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void theUiNeedsNoLoginByDefaultButItsFormsNeedTheCsrfToken() {
        assertThat(send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health")).GET().build()).statusCode()).isEqualTo(200);
        HttpResponse<String> forged = send(HttpRequest.newBuilder(URI.create(base() + "/settings"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("x=1")).build());
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void theOpenApiDocumentDescribesTheApi() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base() + "/v3/api-docs")).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("/v1/chat/completions").contains("/v1/embeddings");
        assertThat(send(HttpRequest.newBuilder(URI.create(base() + "/swagger-ui/index.html")).GET().build()).statusCode()).isEqualTo(200);
    }
}
