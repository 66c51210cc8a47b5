package dev.tramontane.webapp.api;

import dev.tramontane.rag.ingest.chunk.ApproximateTokenCounter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI's {@code POST /v1/embeddings} over the app's embedding model (the one documents are
 * indexed with). There is one embedding model, so the requested id is not checked; the answer
 * names the real one. {@code encoding_format=base64} packs little-endian float32, as OpenAI does.
 * Usage counts are approximate (the embedding tokenizer is not exposed).
 */
@RestController
@Tag(name = "OpenAI-compatible")
class EmbeddingsController {

    static final int MAX_INPUTS = 2048;

    private final EmbeddingModel embeddings;
    private final ApproximateTokenCounter tokens = new ApproximateTokenCounter();

    EmbeddingsController(EmbeddingModel embeddings) {
        this.embeddings = embeddings;
    }

    @Operation(summary = "Embed one text or a list of texts")
    @PostMapping(path = "/v1/embeddings", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> embed(@RequestBody JsonNode body) {
        List<String> inputs = inputs(body.get("input"));
        String format = body.path("encoding_format").asString("float");
        if (!format.equals("float") && !format.equals("base64")) {
            throw ApiException.badRequest("encoding_format", "encoding_format must be float or base64 (got '" + format + "')");
        }
        if (body.hasNonNull("dimensions") && body.get("dimensions").asInt() != embeddings.dimensions()) {
            throw ApiException.badRequest("dimensions", "this embedding model has " + embeddings.dimensions()
                    + " dimensions and cannot shorten them (got " + body.get("dimensions") + ")");
        }
        List<float[]> vectors = embeddings.embed(inputs);
        List<Map<String, Object>> data = new ArrayList<>();
        int promptTokens = 0;
        for (int i = 0; i < vectors.size(); i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("object", "embedding");
            item.put("index", i);
            item.put("embedding", format.equals("base64") ? base64(vectors.get(i)) : vectors.get(i));
            data.add(item);
            promptTokens += tokens.count(inputs.get(i));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("object", "list");
        out.put("data", data);
        out.put("model", EmbeddingModelName.of(embeddings));
        out.put("usage", Map.of("prompt_tokens", promptTokens, "total_tokens", promptTokens));
        return out;
    }

    private static List<String> inputs(JsonNode input) {
        List<String> out = new ArrayList<>();
        if (input != null && input.isString()) {
            out.add(input.stringValue());
        } else if (input != null && input.isArray()) {
            for (JsonNode item : input.values()) {
                if (!item.isString()) {
                    throw ApiException.badRequest("input", "input must be a string or a list of strings (token arrays are not supported)");
                }
                out.add(item.stringValue());
            }
        } else {
            throw ApiException.badRequest("input", "'input' is required: a string or a list of strings");
        }
        if (out.isEmpty() || out.size() > MAX_INPUTS) {
            throw ApiException.badRequest("input", "input must hold 1 to " + MAX_INPUTS + " strings (got " + out.size() + ")");
        }
        if (out.stream().anyMatch(String::isEmpty)) {
            throw ApiException.badRequest("input", "input strings must not be empty");
        }
        return out;
    }

    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            bytes.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
