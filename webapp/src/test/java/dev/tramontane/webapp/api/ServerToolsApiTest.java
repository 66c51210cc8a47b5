package dev.tramontane.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code server_tools} on {@code /v1/chat/completions}: the request runs through the one tool-calling
 * loop, the server runs the registry's tools and shows them in {@code server_tool_calls} (whole
 * answers) or {@code delta.server_tool_call} chunks (streams), while the client's own {@code tools}
 * keep OpenAI's meaning. On the Mistral-vocabulary fixture (random weights: a call happens only when forced).
 */
class ServerToolsApiTest extends RunningApp {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private String modelId() {
        return JSON.readTree(get("/v1/models").body()).path("data").get(0).path("id").asString();
    }

    /** A calculator call as the API shows it: completed with the calculator's answer, or failed with the reason. */
    private static void assertCalculatorCall(JsonNode call) {
        assertThat(call.path("name").asString()).isEqualTo("calculator");
        assertThat(call.path("id").asString()).isNotBlank();
        JsonNode arguments = JSON.readTree(call.path("arguments").asString());
        assertThat(arguments.propertyNames()).containsExactly("expression");
        String status = call.path("status").asString();
        if (status.equals("completed")) {
            JsonNode result = JSON.readTree(call.path("result").asString());
            assertThat(result.path("expression").asString()).isEqualTo(arguments.path("expression").asString().strip());
            assertThat(result.path("result").asString()).isNotBlank();
            assertThat(call.has("error")).isFalse();
        } else {
            assertThat(status).isEqualTo("failed");
            assertThat(call.path("error").asString()).startsWith("tool calculator failed: ");
            assertThat(call.has("result")).isFalse();
        }
    }

    @Test
    void aForcedServerToolCallRunsOnTheServerAndTheAnswerShowsItWithItsResult() {
        requireModel();
        HttpResponse<String> r = post("/v1/chat/completions", """
                {"model": "%s", "messages": [{"role":"user","content":"What is 1250 * 1.2 / 7?"}], "max_tokens": 100, "seed": 21,
                 "server_tools": ["calculator"], "tool_choice": "required"}""".formatted(modelId()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        JsonNode message = body.at("/choices/0/message");
        assertThat(body.at("/choices/0/finish_reason").asString()).isIn("stop", "length");
        assertThat(message.has("tool_calls")).as("no call is left for the client").isFalse();
        assertThat(message.path("server_tool_calls").size()).isPositive();
        message.path("server_tool_calls").values().forEach(ServerToolsApiTest::assertCalculatorCall);
        // Two model requests (the call, then the answer): usage counts both prompts.
        assertThat(body.at("/usage/prompt_tokens").asInt()).isGreaterThan(2 * 20);
    }

    @Test
    void aStreamShowsEachServerToolCallAsItStartsAndAsItEndsBeforeTheFinishChunk() {
        requireModel();
        HttpResponse<String> r = post("/v1/chat/completions", """
                {"model": "%s", "messages": [{"role":"user","content":"What is 2 ^ 10?"}], "max_tokens": 100, "seed": 22,
                 "server_tools": ["calculator"], "tool_choice": "required", "stream": true, "stream_options": {"include_usage": true}}"""
                .formatted(modelId()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> chunks = new ArrayList<>();
        for (String event : r.body().split("\n\n")) {
            assertThat(event).startsWith("data: ");
            if (!event.equals("data: [DONE]")) {
                chunks.add(JSON.readTree(event.substring("data: ".length())));
            }
        }
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
        assertThat(chunks.getFirst().at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        List<JsonNode> toolEvents = chunks.stream().map(c -> c.at("/choices/0/delta/server_tool_call")).filter(JsonNode::isObject).toList();
        assertThat(toolEvents.size()).isGreaterThanOrEqualTo(2);
        JsonNode started = toolEvents.getFirst();
        assertThat(started.path("status").asString()).isEqualTo("running");
        assertThat(started.path("name").asString()).isEqualTo("calculator");
        assertThat(started.has("result") || started.has("error")).isFalse();
        JsonNode ended = toolEvents.stream().filter(e -> e.path("id").equals(started.path("id")) && !e.path("status").asString().equals("running"))
                .findFirst().orElseThrow();
        assertCalculatorCall(ended);
        assertThat(ended.path("arguments").asString()).isEqualTo(started.path("arguments").asString());
        int finishAt = -1;
        for (int i = 0; i < chunks.size(); i++) {
            if (chunks.get(i).at("/choices/0/finish_reason").isString()) {
                finishAt = i;
            }
        }
        assertThat(chunks.get(finishAt).at("/choices/0/finish_reason").asString()).isIn("stop", "length");
        assertThat(chunks.indexOf(chunks.stream().filter(c -> c.at("/choices/0/delta/server_tool_call").equals(ended)).findFirst().orElseThrow()))
                .isLessThan(finishAt);
        assertThat(chunks.getLast().at("/usage/completion_tokens").asInt()).isPositive();
    }

    @Test
    void whenTheModelCallsTheClientsOwnToolTheAnswerHandsTheCallToTheClient() {
        requireModel();
        HttpResponse<String> r = post("/v1/chat/completions", """
                {"model": "%s", "messages": [{"role":"user","content":"Weather in Paris?"}], "max_tokens": 60, "seed": 23,
                 "server_tools": ["calculator"],
                 "tools": [{"type":"function","function":{"name":"get_weather","description":"Weather for a city",
                   "parameters":{"type":"object","properties":{"city":{"type":"string","maxLength":20}},"required":["city"],"additionalProperties":false}}}],
                 "tool_choice": {"type":"function","function":{"name":"get_weather"}}}""".formatted(modelId()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode choice = JSON.readTree(r.body()).at("/choices/0");
        assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");
        assertThat(choice.at("/message/tool_calls").size()).isPositive();
        choice.at("/message/tool_calls").values().forEach(call -> {
            assertThat(call.at("/function/name").asString()).isEqualTo("get_weather");
            assertThat(call.path("id").asString()).isNotBlank();
            assertThat(JSON.readTree(call.at("/function/arguments").asString()).propertyNames()).containsExactly("city");
        });
        assertThat(choice.at("/message/server_tool_calls").isEmpty()).isTrue();
    }

    @Test
    void anUnknownServerToolIsRefusedWithA400NamingTheToolsThereAre() {
        requireModel();
        HttpResponse<String> r = post("/v1/chat/completions", """
                {"model": "%s", "messages": [{"role":"user","content":"Hi"}], "max_tokens": 5, "server_tools": ["calculator", "rm_rf"]}"""
                .formatted(modelId()));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asString()).isEqualTo("server_tools");
        assertThat(error.path("message").asString()).contains("rm_rf").contains("calculator", "search_documents", "convert_units");
    }

    @Test
    void aClientToolNamedLikeAServerToolOrANonListIsRefused() {
        requireModel();
        HttpResponse<String> clash = post("/v1/chat/completions", """
                {"model": "%s", "messages": [{"role":"user","content":"Hi"}], "server_tools": ["calculator"],
                 "tools": [{"type":"function","function":{"name":"calculator","parameters":{"type":"object","properties":{}}}}]}"""
                .formatted(modelId()));
        assertThat(clash.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(clash.body()).at("/error/message").asString()).contains("also named in server_tools");

        HttpResponse<String> notAList = post("/v1/chat/completions", """
                {"model": "%s", "messages": [{"role":"user","content":"Hi"}], "server_tools": "calculator"}""".formatted(modelId()));
        assertThat(notAList.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notAList.body()).at("/error/param").asString()).isEqualTo("server_tools");
    }
}
