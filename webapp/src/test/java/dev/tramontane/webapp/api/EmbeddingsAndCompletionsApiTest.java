package dev.tramontane.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EmbeddingsAndCompletionsApiTest extends RunningApp {

    private static final tools.jackson.databind.ObjectMapper JSON = JsonMapper.builder().build();

    @Test
    void embeddingsComeAsFloatsOrAsLittleEndianBase64OfTheSameFloats() {
        HttpResponse<String> floats = post("/v1/embeddings", """
                {"model":"text-embedding-3-small","input":["Le chat dort.","The cat sleeps."]}""");
        assertThat(floats.statusCode()).as(floats.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(floats.body());
        assertThat(body.path("data").size()).isEqualTo(2);
        assertThat(body.at("/data/1/index").asInt()).isEqualTo(1);
        JsonNode vector = body.at("/data/0/embedding");
        assertThat(vector.size()).isEqualTo(384);
        assertThat(body.at("/usage/prompt_tokens").asInt()).isPositive();

        HttpResponse<String> packed = post("/v1/embeddings", """
                {"model":"text-embedding-3-small","input":"Le chat dort.","encoding_format":"base64"}""");
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(JSON.readTree(packed.body()).at("/data/0/embedding").asString()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.remaining()).isEqualTo(384 * 4);
        for (int i = 0; i < 384; i++) {
            assertThat(bytes.getFloat()).isEqualTo(vector.get(i).floatValue());
        }
    }

    @Test
    void embeddingsRefuseAnEmptyInput() {
        HttpResponse<String> r = post("/v1/embeddings", "{\"model\":\"m\",\"input\":[]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"param\":\"input\"");
    }

    @Test
    void legacyCompletionsContinueTheRawPromptAndStreamTheSameText() {
        requireModel();
        HttpResponse<String> whole = post("/v1/completions", """
                {"model":"mistral-vocab-mixtral-f16","prompt":"Once upon a time","max_tokens":6,"seed":8}""");
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(whole.body());
        assertThat(body.path("object").asString()).isEqualTo("text_completion");
        assertThat(body.at("/usage/completion_tokens").asInt()).isBetween(1, 6);
        String text = body.at("/choices/0/text").asString();

        HttpResponse<String> streamed = post("/v1/completions", """
                {"model":"mistral-vocab-mixtral-f16","prompt":"Once upon a time","max_tokens":6,"seed":8,"stream":true}""");
        StringBuilder pieces = new StringBuilder();
        String finish = null;
        for (String event : streamed.body().split("\n\n")) {
            String data = event.substring("data: ".length());
            if (data.equals("[DONE]")) {
                continue;
            }
            JsonNode chunk = JSON.readTree(data);
            pieces.append(chunk.at("/choices/0/text").asString());
            if (!chunk.at("/choices/0/finish_reason").isNull()) {
                finish = chunk.at("/choices/0/finish_reason").asString();
            }
        }
        assertThat(pieces.toString()).isEqualTo(text);
        assertThat(finish).isIn("length", "stop");
        assertThat(streamed.body()).endsWith("data: [DONE]\n\n");
    }
}
