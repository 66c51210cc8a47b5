package dev.tramontane.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The wire format of {@code /v1/chat/completions}, byte for byte where OpenAI clients depend on it. */
class ChatCompletionsApiTest extends RunningApp {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @BeforeEach
    void model() {
        requireModel();
    }

    private String modelId() {
        return JSON.readTree(get("/v1/models").body()).path("data").get(0).path("id").asString();
    }

    @Test
    void answersAChatCompletionWithUsageAndALengthFinishReason() {
        HttpResponse<String> r = post("/v1/chat/completions", """
                {"model": "%s", "messages": [{"role":"system","content":"Be brief."},{"role":"user","content":"Hello"}],
                 "max_tokens": 5, "temperature": 0.7, "seed": 42}""".formatted(modelId()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("id").asString()).startsWith("chatcmpl-");
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("message").path("role").asString()).isEqualTo("assistant");
        assertThat(choice.path("finish_reason").asString()).isIn("length", "stop");
        JsonNode usage = body.path("usage");
        assertThat(usage.path("prompt_tokens").asInt()).isGreaterThan(3);
        assertThat(usage.path("completion_tokens").asInt()).isBetween(1, 5);
        assertThat(usage.path("total_tokens").asInt())
                .isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());
    }

    @Test
    void theSameSeedGivesTheSameAnswer() {
        String request = """
                {"model": "%s", "messages": [{"role":"user","content":"Tell me a story"}], "max_tokens": 8, "temperature": 1.0, "seed": 7}"""
                .formatted(modelId());
        String first = JSON.readTree(post("/v1/chat/completions", request).body()).at("/choices/0/message/content").asString();
        String second = JSON.readTree(post("/v1/chat/completions", request).body()).at("/choices/0/message/content").asString();
        assertThat(first).isNotEmpty().isEqualTo(second);
    }

    @Test
    void streamsChunksExactlyAsOpenAiDoesWithAFinalUsageChunkAndDone() {
        HttpResponse<String> r = post("/v1/chat/completions", """
                {"model": "%s", "messages": [{"role":"user","content":"Hello"}], "max_tokens": 6, "seed": 3,
                 "stream": true, "stream_options": {"include_usage": true}}""".formatted(modelId()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        String[] events = r.body().split("\n\n");
        List<JsonNode> chunks = new ArrayList<>();
        for (String event : events) {
            assertThat(event).startsWith("data: ");
            String data = event.substring("data: ".length());
            if (!data.equals("[DONE]")) {
                chunks.add(JSON.readTree(data));
            }
        }
        assertThat(events[events.length - 1]).isEqualTo("data: [DONE]");
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
        assertThat(chunks).allSatisfy(c -> assertThat(c.path("object").asString()).isEqualTo("chat.completion.chunk"));
        assertThat(chunks.getFirst().at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        JsonNode usageChunk = chunks.getLast();
        assertThat(usageChunk.path("choices").isEmpty()).isTrue();
        assertThat(usageChunk.at("/usage/completion_tokens").asInt()).isBetween(1, 6);
        JsonNode finishChunk = chunks.get(chunks.size() - 2);
        assertThat(finishChunk.at("/choices/0/finish_reason").asString()).isIn("length", "stop");
        StringBuilder text = new StringBuilder();
        for (JsonNode c : chunks.subList(1, chunks.size() - 2)) {
            assertThat(c.at("/choices/0/finish_reason").isNull()).isTrue();
            assertThat(c.has("usage")).isTrue();
            text.append(c.at("/choices/0/delta/content").asString(""));
        }
        String whole = JSON.readTree(post("/v1/chat/completions", """
                {"model": "%s", "messages": [{"role":"user","content":"Hello"}], "max_tokens": 6, "seed": 3}""".formatted(modelId())).body())
                .at("/choices/0/message/content").asString();
        assertThat(text.toString()).isEqualTo(whole);
    }

    @Test
    void jsonSchemaResponseFormatYieldsJsonThatMatchesTheSchema() {
        HttpResponse<String> r = post("/v1/chat/completions", """
                {"model": "%s", "messages": [{"role":"user","content":"A person please"}], "max_tokens": 200, "seed": 11,
                 "response_format": {"type": "json_schema", "json_schema": {"name": "person", "strict": true, "schema":
                   {"type":"object","properties":{"name":{"type":"string","maxLength":12},"age":{"type":"integer"},
                    "tier":{"enum":["gold","silver"]}},"required":["name","age","tier"],"additionalProperties":false}}}}"""
                .formatted(modelId()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        JsonNode person = JSON.readTree(body.at("/choices/0/message/content").asString());
        assertThat(person.propertyNames()).containsExactlyInAnyOrder("name", "age", "tier");
        assertThat(person.path("age").isIntegralNumber()).isTrue();
        assertThat(person.path("tier").asString()).isIn("gold", "silver");
        assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
    }

    @Test
    void toolChoiceRequiredReturnsWellFormedToolCallsWithFinishReasonToolCalls() {
        HttpResponse<String> r = post("/v1/chat/completions", """
                {"model": "%s", "messages": [{"role":"user","content":"Weather in Paris?"}], "max_tokens": 200, "seed": 5,
                 "tools": [{"type":"function","function":{"name":"get_weather","description":"Weather for a city",
                   "parameters":{"type":"object","properties":{"city":{"type":"string","maxLength":20}},"required":["city"],"additionalProperties":false}}}],
                 "tool_choice": "required"}""".formatted(modelId()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode choice = JSON.readTree(r.body()).path("choices").get(0);
        assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");
        JsonNode call = choice.at("/message/tool_calls/0");
        assertThat(call.path("type").asString()).isEqualTo("function");
        assertThat(call.path("id").asString()).isNotBlank();
        assertThat(call.at("/function/name").asString()).isEqualTo("get_weather");
        JsonNode arguments = JSON.readTree(call.at("/function/arguments").asString());
        assertThat(arguments.propertyNames()).containsExactly("city");
        assertThat(choice.at("/message/content").isNull()).isTrue();
    }

    @Test
    void streamedToolCallsArriveAsToolCallDeltas() {
        HttpResponse<String> r = post("/v1/chat/completions", """
                {"model": "%s", "messages": [{"role":"user","content":"Add 2 and 3"}], "max_tokens": 200, "seed": 9, "stream": true,
                 "tools": [{"type":"function","function":{"name":"add","parameters":{"type":"object",
                   "properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["a","b"],"additionalProperties":false}}}],
                 "tool_choice": {"type": "function", "function": {"name": "add"}}}""".formatted(modelId()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> chunks = new ArrayList<>();
        for (String event : r.body().split("\n\n")) {
            String data = event.substring("data: ".length());
            if (!data.equals("[DONE]")) {
                chunks.add(JSON.readTree(data));
            }
        }
        JsonNode toolDelta = chunks.stream().filter(c -> c.at("/choices/0/delta").has("tool_calls")).findFirst().orElseThrow();
        JsonNode call = toolDelta.at("/choices/0/delta/tool_calls/0");
        assertThat(call.path("index").asInt()).isZero();
        assertThat(call.at("/function/name").asString()).isEqualTo("add");
        assertThat(JSON.readTree(call.at("/function/arguments").asString()).propertyNames()).containsExactlyInAnyOrder("a", "b");
        assertThat(chunks.getLast().at("/choices/0/finish_reason").asString()).isEqualTo("tool_calls");
    }

    @Test
    void aStreamingClientThatDisconnectsStopsItsGeneration() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                        {"model": "%s", "messages": [{"role":"user","content":"Go on forever"}], "max_tokens": 300,
                         "seed": 12345, "stream": true}""".formatted(modelId()))).build();
        long submittedBefore = service.stats().submitted();
        long stepsBefore = service.stats().steps();
        var response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (var body = response.body()) {
            assertThat(body.read(new byte[64])).isPositive();
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (service.stats().running() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(service.stats().submitted()).isGreaterThan(submittedBefore);
        assertThat(service.stats().running()).as("generations still running after the client left").isZero();
        assertThat(service.stats().steps() - stepsBefore).as("decoding steps run for the abandoned answer").isLessThan(200);
        // Left alone, the same request runs to all 300 tokens: only the cancellation explains stopping that soon.
        JsonNode uninterrupted = JSON.readTree(post("/v1/chat/completions", """
                {"model": "%s", "messages": [{"role":"user","content":"Go on forever"}], "max_tokens": 300, "seed": 12345}"""
                .formatted(modelId())).body());
        assertThat(uninterrupted.at("/usage/completion_tokens").asInt()).isEqualTo(300);
    }

    @org.springframework.beans.factory.annotation.Autowired
    dev.tramontane.webapp.ModelRuntime runtime;

    private dev.tramontane.engine.serve.InferenceService service;

    @BeforeEach
    void service() {
        service = runtime.inferenceService().orElse(null);
    }

    @Test
    void acceptsAConversationWithAToolCallAndItsResult() {
        HttpResponse<String> r = post("/v1/chat/completions", """
                {"model": "%s", "max_tokens": 4, "messages": [
                  {"role":"user","content":"Weather in Paris?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"18 C, sunny"}],
                 "tools": [{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}"""
                .formatted(modelId()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).at("/usage/prompt_tokens").asInt()).isGreaterThan(20);
    }
}
