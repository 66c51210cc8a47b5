package dev.tramontane.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Spring AI's own OpenAI chat client, pointed at our server by base URL only: call, stream, structured output, errors. */
class SpringAiOpenAiClientTest extends RunningApp {

    private String modelId;

    @BeforeEach
    void model() {
        requireModel();
        modelId = JsonMapper.builder().build().readTree(get("/v1/models").body()).at("/data/0/id").asString();
    }

    private OpenAiChatModel client(String key, String model, OpenAiChatOptions.Builder extra) {
        OpenAiChatOptions options = extra.baseUrl(base() + "/v1").apiKey(key).model(model).maxRetries(0).build();
        return OpenAiChatModel.builder().options(options).build();
    }

    @Test
    void callReturnsTheAnswerWithUsageAndFinishReason() {
        ChatResponse response = client(KEY, modelId, OpenAiChatOptions.builder().maxCompletionTokens(6).seed(1))
                .call(new Prompt(List.of(new UserMessage("Hello there"))));
        assertThat(response.getResult().getOutput().getText()).isNotEmpty();
        assertThat(response.getResult().getMetadata().getFinishReason()).isIn("LENGTH", "STOP");
        assertThat(response.getMetadata().getUsage().getCompletionTokens()).isBetween(1, 6);
        assertThat(response.getMetadata().getUsage().getPromptTokens()).isGreaterThan(2);
    }

    @Test
    void streamDeliversTheSameTextAsACallWithTheSameSeed() {
        OpenAiChatModel chat = client(KEY, modelId, OpenAiChatOptions.builder().maxCompletionTokens(8).seed(4).temperature(0.9));
        Prompt prompt = new Prompt(List.of(new UserMessage("Write a line")));
        String whole = chat.call(prompt).getResult().getOutput().getText();
        List<ChatResponse> chunks = chat.stream(prompt).collectList().block();
        StringBuilder streamed = new StringBuilder();
        chunks.forEach(c -> {
            if (c.getResult() != null && c.getResult().getOutput().getText() != null) {
                streamed.append(c.getResult().getOutput().getText());
            }
        });
        assertThat(chunks.size()).isGreaterThan(2);
        assertThat(streamed.toString()).isEqualTo(whole);
    }

    @Test
    void structuredOutputWithAJsonSchemaComesBackAsMatchingJson() {
        String schema = """
                {"type":"object","properties":{"city":{"type":"string","maxLength":15},"population":{"type":"integer"}},
                 "required":["city","population"],"additionalProperties":false}""";
        ChatResponse response = client(KEY, modelId, OpenAiChatOptions.builder().maxCompletionTokens(120).seed(2)
                .responseFormat(OpenAiChatModel.ResponseFormat.builder().type(OpenAiChatModel.ResponseFormat.Type.JSON_SCHEMA)
                        .jsonSchema(schema).strict(true).build()))
                .call(new Prompt(List.of(new UserMessage("A city"))));
        JsonNode city = JsonMapper.builder().build().readTree(response.getResult().getOutput().getText());
        assertThat(city.propertyNames()).containsExactlyInAnyOrder("city", "population");
        assertThat(city.path("population").isIntegralNumber()).isTrue();
    }

    @Test
    void aWrongKeyAndAnUnknownModelSurfaceAsTheClientsErrors() {
        assertThatThrownBy(() -> client("wrong-key", modelId, OpenAiChatOptions.builder().maxCompletionTokens(2))
                .call(new Prompt("hi")))
                .isInstanceOf(com.openai.errors.UnauthorizedException.class).hasMessageContaining("Incorrect API key");
        assertThatThrownBy(() -> client(KEY, "gpt-4o", OpenAiChatOptions.builder().maxCompletionTokens(2))
                .call(new Prompt("hi")))
                .isInstanceOf(com.openai.errors.NotFoundException.class).hasMessageContaining("'gpt-4o' does not exist");
    }
}
