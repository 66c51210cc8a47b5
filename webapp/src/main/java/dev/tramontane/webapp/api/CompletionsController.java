package dev.tramontane.webapp.api;

import dev.tramontane.engine.sampling.SamplingParams;
import dev.tramontane.engine.serve.FinishReason;
import dev.tramontane.engine.serve.GenerationFailedException;
import dev.tramontane.engine.serve.GenerationHandle;
import dev.tramontane.engine.serve.GenerationListener;
import dev.tramontane.engine.serve.GenerationRequest;
import dev.tramontane.engine.serve.GenerationResult;
import dev.tramontane.engine.spring.TramontaneChatOptions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * OpenAI's legacy {@code POST /v1/completions}: the prompt is continued as raw text (no chat
 * template), straight on the inference service; streamed as {@code text_completion} chunks too.
 */
@RestController
@Tag(name = "OpenAI-compatible")
class CompletionsController {

    private final ServedModels models;
    private final ObjectMapper json;

    CompletionsController(ServedModels models, ObjectMapper json) {
        this.models = models;
        this.json = json;
    }

    @Operation(summary = "Continue a text prompt (legacy completions; stream with \"stream\": true)")
    @PostMapping(path = "/v1/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> create(@RequestBody JsonNode body, HttpServletResponse servletResponse)
            throws IOException, InterruptedException {
        String modelId = body.path("model").asString("");
        if (modelId.isBlank()) {
            throw ApiException.badRequest("model", "'model' is required");
        }
        String prompt = prompt(body.get("prompt"));
        if (body.hasNonNull("n") && body.get("n").asInt() != 1) {
            throw ApiException.badRequest("n", "n must be 1");
        }
        if (body.hasNonNull("best_of") && body.get("best_of").asInt() != 1) {
            throw ApiException.badRequest("best_of", "best_of must be 1");
        }
        if (body.path("echo").asBoolean(false) || body.hasNonNull("suffix") || body.hasNonNull("logprobs")) {
            throw ApiException.badRequest(null, "echo, suffix and logprobs are not supported");
        }
        ServedModels.Resolved model = models.resolve(modelId);
        TramontaneChatOptions.Builder options = TramontaneChatOptions.builder();
        ChatCompletionParser.samplingOptions(body, options);
        TramontaneChatOptions o = options.build();
        // Legacy completions default to 16 tokens, as OpenAI's did.
        SamplingParams sampling = SamplingParams.defaults().withMaxTokens(o.getMaxTokens() != null ? o.getMaxTokens() : 16);
        if (o.getTemperature() != null) sampling = sampling.withTemperature(o.getTemperature().floatValue());
        if (o.getTopP() != null) sampling = sampling.withTopP(o.getTopP().floatValue());
        if (o.getFrequencyPenalty() != null) sampling = sampling.withFrequencyPenalty(o.getFrequencyPenalty().floatValue());
        if (o.getPresencePenalty() != null) sampling = sampling.withPresencePenalty(o.getPresencePenalty().floatValue());
        if (o.getSeed() != null) sampling = sampling.withSeed(o.getSeed());
        if (o.getStopSequences() != null) sampling = sampling.withStop(o.getStopSequences());
        int[] tokens = model.service().tokenizer().encode(prompt, true, false);
        GenerationRequest request = new GenerationRequest(tokens, sampling);
        String id = "cmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = Instant.now().getEpochSecond();
        if (!body.path("stream").asBoolean(false)) {
            GenerationResult result;
            try {
                result = model.service().submit(request).result().get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the generation future failed", e.getCause());
            }
            if (result.finishReason() == FinishReason.ERROR) {
                throw new GenerationFailedException(result);
            }
            Map<String, Object> out = envelope(id, created, modelId, result.text(), finish(result));
            out.put("usage", ChatCompletionJson.usage(result.usage().promptTokens(), result.usage().completionTokens(),
                    result.usage().cachedPromptTokens()));
            return ResponseEntity.ok(out);
        }
        boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        GenerationHandle handle = model.service().submit(request, new GenerationListener() {
            @Override
            public void onText(String piece) {
                events.add(piece);
            }

            @Override
            public void onComplete(GenerationResult result) {
                events.add(result);
            }
        });
        try {
            SseWriter sse = SseWriter.start(servletResponse, json);
            while (true) {
                Object event = events.take();
                if (event instanceof String piece) {
                    sse.data(envelope(id, created, modelId, piece, null));
                    continue;
                }
                GenerationResult result = (GenerationResult) event;
                if (result.finishReason() == FinishReason.ERROR) {
                    sse.raw(ApiErrors.json(new GenerationFailedException(result).getMessage(), "server_error", null, null));
                    return null;
                }
                sse.data(envelope(id, created, modelId, "", finish(result)));
                if (includeUsage) {
                    Map<String, Object> usage = envelope(id, created, modelId, null, null);
                    usage.put("choices", List.of());
                    usage.put("usage", ChatCompletionJson.usage(result.usage().promptTokens(), result.usage().completionTokens(),
                            result.usage().cachedPromptTokens()));
                    sse.data(usage);
                }
                sse.done();
                return null;
            }
        } catch (IOException clientGone) {
            return null;
        } finally {
            handle.cancel();
        }
    }

    private static String prompt(JsonNode prompt) {
        if (prompt != null && prompt.isString()) {
            return prompt.stringValue();
        }
        if (prompt != null && prompt.isArray() && prompt.size() == 1 && prompt.get(0).isString()) {
            return prompt.get(0).stringValue();
        }
        throw ApiException.badRequest("prompt", "prompt must be a string (or a list of exactly one string)");
    }

    private static String finish(GenerationResult result) {
        return result.finishReason() == FinishReason.LENGTH ? "length" : "stop";
    }

    private static Map<String, Object> envelope(String id, long created, String model, String text, String finish) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("object", "text_completion");
        body.put("created", created);
        body.put("model", model);
        if (text != null) {
            Map<String, Object> choice = new LinkedHashMap<>();
            choice.put("text", text);
            choice.put("index", 0);
            choice.put("logprobs", null);
            choice.put("finish_reason", finish);
            body.put("choices", List.of(choice));
        }
        return body;
    }
}
