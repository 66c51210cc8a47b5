package dev.tramontane.engine.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.gguf.GgufMetadata;
import dev.tramontane.engine.model.ExpertLayout;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.model.SyntheticModel;
import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.serve.InferenceService;
import dev.tramontane.engine.serve.InvalidGenerationRequestException;
import dev.tramontane.engine.serve.ServiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code toolChoice} on random-weight models that know nothing about tools: "required" and a named
 * tool always give well-formed calls (decoded under the tool-call schema), "none" hides the tools.
 * The model has a Mistral v3 vocabulary ([INST], [AVAILABLE_TOOLS], [TOOL_CALLS] … as control
 * tokens, byte fallback); the v1 format is covered on stories260K in {@link TramontaneChatModelTest}.
 */
class ToolChoiceTest {

    @TempDir
    static Path dir;
    static Model v3Model;
    static InferenceService v3Service;
    static TramontaneChatModel v3;

    static final List<String> V3_CONTROLS = List.of("[INST]", "[/INST]", "[AVAILABLE_TOOLS]", "[/AVAILABLE_TOOLS]",
            "[TOOL_CALLS]", "[TOOL_RESULTS]", "[/TOOL_RESULTS]");

    /** tokenizer.* metadata of a byte-fallback vocabulary with Mistral v3's control tokens. */
    static GgufMetadata v3Vocabulary() {
        return SyntheticModel.byteFallbackVocabulary(V3_CONTROLS, List.of("\u2581", "\u2581the", "\u2581city", "name", "arguments"));
    }

    @BeforeAll
    static void start() throws Exception {
        GgufMetadata vocabulary = v3Vocabulary();
        int size = vocabulary.getStringArray("tokenizer.ggml.tokens").length;
        Path file = dir.resolve("v3-tiny-mixtral.gguf");
        SyntheticModel.write(file, new SyntheticModel.Spec(64, 2, 4, 2, 128, 4, 2, size, 1024, 10000f, 16, 1e-5f,
                ExpertLayout.MERGED, GgmlType.F32, false, 31), SyntheticModel.TensorTypes.uniform(GgmlType.F32), vocabulary);
        v3Model = Model.load(file);
        v3Service = new InferenceService(v3Model, ServiceConfig.defaults().withContextLength(1024));
        v3 = TramontaneChatModel.builder(v3Service).build();
    }

    @AfterAll
    static void stop() {
        v3Service.close();
        v3Model.close();
    }

    static ToolCallback tool(String name, String schema) {
        return new ToolCallback() {
            @Override
            public ToolDefinition getToolDefinition() {
                return ToolDefinition.builder().name(name).description("the " + name + " tool").inputSchema(schema).build();
            }

            @Override
            public String call(String toolInput) {
                return "{}";
            }
        };
    }

    static final List<ToolCallback> TOOLS = List.of(
            tool("get_weather", "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\", \"maxLength\": 12}},"
                    + " \"required\": [\"city\"], \"additionalProperties\": false}"),
            tool("add", "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"integer\"}, \"b\": {\"type\": \"integer\"}},"
                    + " \"required\": [\"a\", \"b\"], \"additionalProperties\": false}"));

    private static Prompt prompt(String toolChoice, long seed) {
        return new Prompt(List.<Message>of(new UserMessage("What is the weather in Lyon?")),
                TramontaneChatOptions.builder().toolCallbacks(TOOLS).toolChoice(toolChoice).seed(seed).temperature(1.0).maxTokens(80).build());
    }

    private static void assertWellFormed(AssistantMessage.ToolCall call) {
        JsonNode args = JsonMapper.builder().build().readTree(call.arguments());
        switch (call.name()) {
            case "get_weather" -> assertThat(args.get("city").isString()).isTrue();
            case "add" -> assertThat(args.get("a").isIntegralNumber() && args.get("b").isIntegralNumber()).isTrue();
            default -> throw new AssertionError("not a tool: " + call.name());
        }
        assertThat(call.id()).matches("[A-Za-z0-9]{9}");
    }

    @Test
    void theV3PromptCarriesTheToolsAndARequiredCallStartsWithTheToolCallsToken() {
        int[] tokens = v3.prepare(prompt("required", 1)).request().promptTokens();
        int available = v3Model.tokenizer().find("[AVAILABLE_TOOLS]").orElseThrow();
        int calls = v3Model.tokenizer().find("[TOOL_CALLS]").orElseThrow();
        assertThat(tokens).contains(available);
        assertThat(tokens[tokens.length - 1]).isEqualTo(calls);
        assertThat(v3.prepare(prompt("auto", 1)).request().promptTokens()).contains(available).doesNotContain(calls);
        assertThat(v3.prepare(prompt("none", 1)).request().promptTokens()).doesNotContain(available);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void requiredAlwaysGivesWellFormedCallsFromARandomV3Model(long seed) {
        ChatResponse r = v3.call(prompt("required", seed));
        assertThat(r.getResult().getMetadata().getFinishReason()).isEqualTo("TOOL_CALLS");
        assertThat(r.getResult().getOutput().getToolCalls()).isNotEmpty().allSatisfy(ToolChoiceTest::assertWellFormed);
    }

    @Test
    void aNamedToolIsTheOneCalledAndAStreamEndsWithTheCallButShowsNoJson() {
        ChatResponse r = v3.call(prompt("add", 7));
        assertThat(r.getResult().getOutput().getToolCalls()).isNotEmpty().allSatisfy(c -> assertThat(c.name()).isEqualTo("add"));

        List<ChatResponse> chunks = v3.stream(prompt("add", 7)).collectList().block(Duration.ofSeconds(60));
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.getResult().getOutput().getText()));
        assertThat(text.toString()).isEmpty();
        ChatResponse last = chunks.getLast();
        assertThat(last.getResult().getMetadata().getFinishReason()).isEqualTo("TOOL_CALLS");
        assertThat(last.getResult().getOutput().getToolCalls()).extracting(AssistantMessage.ToolCall::name)
                .containsExactlyElementsOf(r.getResult().getOutput().getToolCalls().stream().map(AssistantMessage.ToolCall::name).toList());
        assertThat(last.getResult().getOutput().getToolCalls()).extracting(AssistantMessage.ToolCall::arguments)
                .containsExactlyElementsOf(r.getResult().getOutput().getToolCalls().stream().map(AssistantMessage.ToolCall::arguments).toList());
    }

    @Test
    void anUnknownToolChoiceIsRefusedNamingTheTools() {
        assertThatThrownBy(() -> v3.call(prompt("send_email", 1)))
                .isInstanceOf(InvalidGenerationRequestException.class)
                .hasMessageContaining("send_email").hasMessageContaining("get_weather");
        assertThatThrownBy(() -> v3.call(new Prompt(List.<Message>of(new UserMessage("hi")),
                TramontaneChatOptions.builder().toolChoice("required").build())))
                .isInstanceOf(InvalidGenerationRequestException.class).hasMessageContaining("at least one tool");
    }
}
