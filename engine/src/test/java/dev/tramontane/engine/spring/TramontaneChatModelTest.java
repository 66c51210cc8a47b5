package dev.tramontane.engine.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.Fixtures;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.serve.ChatPromptFitter.OverflowPolicy;
import dev.tramontane.engine.serve.ContextOverflowException;
import dev.tramontane.engine.serve.GenerationResult;
import dev.tramontane.engine.serve.InferenceService;
import dev.tramontane.engine.serve.JsonConstraintCompiler;
import dev.tramontane.engine.serve.ServiceConfig;
import dev.tramontane.engine.serve.ServiceMetrics;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.AdvisorParams;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** TramontaneChatModel end to end through Spring AI's ChatClient on the stories260K fixture. */
class TramontaneChatModelTest {

    static Model model;
    static InferenceService service;
    static final List<GenerationResult> finished = new CopyOnWriteArrayList<>();
    static final List<Observation.Context> observed = new CopyOnWriteArrayList<>();
    static TramontaneChatModel chatModel;
    static ChatClient client;

    @BeforeAll
    static void start() throws IOException {
        model = Model.load(Fixtures.require("models/stories260K.gguf"));
        service = new InferenceService(model, ServiceConfig.defaults().withContextLength(512).withPromptCacheMinTokens(4),
                new ServiceMetrics() {
                    @Override
                    public void finished(GenerationResult result) {
                        finished.add(result);
                    }
                }, new JsonConstraintCompiler());
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                observed.add(context);
            }
        });
        chatModel = TramontaneChatModel.builder(service).observationRegistry(registry).build();
        client = ChatClient.create(chatModel);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
            model.close();
        }
    }

    private static ChatResponse ask(String user, TramontaneChatOptions.Builder options) {
        return client.prompt().system("You write short stories for children.").user(user).options(options).call().chatResponse();
    }

    @Test
    void aCallReturnsTextWithUsageAndFinishReason() {
        ChatResponse r = ask("Tell me about a cat.", TramontaneChatOptions.builder().seed(1L).maxTokens(40));
        int promptTokens = chatModel.prepare(new Prompt(List.of(
                new org.springframework.ai.chat.messages.SystemMessage("You write short stories for children."),
                new UserMessage("Tell me about a cat.")))).request().promptTokens().length;
        assertThat(r.getResult().getOutput().getText()).isNotBlank();
        assertThat(r.getMetadata().getUsage().getPromptTokens()).isEqualTo(promptTokens);
        assertThat(r.getMetadata().getUsage().getCompletionTokens()).isBetween(1, 40);
        assertThat(r.getMetadata().getUsage().getTotalTokens()).isEqualTo(promptTokens + r.getMetadata().getUsage().getCompletionTokens());
        assertThat(r.getMetadata().getModel()).isNotBlank();
        assertThat(r.getResult().getMetadata().getFinishReason()).isIn("STOP", "LENGTH");
    }

    @Test
    void theSameSeedGivesTheSameTextAndOtherSeedsOtherTexts() {
        String a = ask("Tell me about a dog.", TramontaneChatOptions.builder().seed(42L).temperature(1.0).maxTokens(30))
                .getResult().getOutput().getText();
        String b = ask("Tell me about a dog.", TramontaneChatOptions.builder().seed(42L).temperature(1.0).maxTokens(30))
                .getResult().getOutput().getText();
        assertThat(b).isEqualTo(a);
        Set<String> texts = new HashSet<>();
        for (long seed = 1; seed <= 4; seed++) {
            texts.add(ask("Tell me about a dog.", TramontaneChatOptions.builder().seed(seed).temperature(1.0).maxTokens(30))
                    .getResult().getOutput().getText());
        }
        assertThat(texts).hasSizeGreaterThan(1);
    }

    @Test
    void maxTokensEndsWithLengthAfterExactlyThatManyTokens() {
        ChatResponse r = ask("Tell me about a bird.", TramontaneChatOptions.builder().seed(3L).maxTokens(3));
        assertThat(r.getResult().getMetadata().getFinishReason()).isEqualTo("LENGTH");
        assertThat(r.getMetadata().getUsage().getCompletionTokens()).isEqualTo(3);
    }

    @Test
    void portableChatOptionsAreHonouredToo() {
        // A plain Spring AI options builder (not ours): temperature 0 is greedy, so two calls agree.
        String a = client.prompt().user("Once upon a time").options(
                org.springframework.ai.chat.prompt.ChatOptions.builder().temperature(0.0).maxTokens(20)).call().content();
        String b = client.prompt().user("Once upon a time").options(
                org.springframework.ai.chat.prompt.ChatOptions.builder().temperature(0.0).maxTokens(20)).call().content();
        assertThat(a).isEqualTo(b).isNotBlank();
    }

    @Test
    void stopSequencesCutTheAnswer() {
        String free = ask("Tell me about a fish.", TramontaneChatOptions.builder().temperature(0.0).maxTokens(40))
                .getResult().getOutput().getText();
        String word = free.strip().split(" ")[2];
        ChatResponse cut = ask("Tell me about a fish.", TramontaneChatOptions.builder().temperature(0.0).maxTokens(40)
                .stopSequences(List.of(word)));
        assertThat(cut.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
        assertThat(cut.getResult().getOutput().getText()).isEqualTo(free.substring(0, free.indexOf(word)));
    }

    @Test
    void aStreamDeliversTheSameTextAsACallAndEndsWithUsageAndFinishReason() {
        TramontaneChatOptions.Builder options = TramontaneChatOptions.builder().seed(9L).temperature(1.0).maxTokens(30);
        String called = ask("Tell me about a frog.", options).getResult().getOutput().getText();
        List<ChatResponse> chunks = client.prompt().system("You write short stories for children.").user("Tell me about a frog.")
                .options(TramontaneChatOptions.builder().seed(9L).temperature(1.0).maxTokens(30))
                .stream().chatResponse().collectList().block(Duration.ofSeconds(60));
        assertThat(chunks).hasSizeGreaterThan(2);
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.getResult().getOutput().getText()));
        assertThat(text.toString()).isEqualTo(called);
        ChatResponse last = chunks.getLast();
        assertThat(last.getResult().getMetadata().getFinishReason()).isIn("STOP", "LENGTH");
        assertThat(last.getMetadata().getUsage().getCompletionTokens()).isBetween(1, 30);

        String content = String.join("", client.prompt().system("You write short stories for children.").user("Tell me about a frog.")
                .options(TramontaneChatOptions.builder().seed(9L).temperature(1.0).maxTokens(30))
                .stream().content().collectList().block(Duration.ofSeconds(60)));
        assertThat(content).isEqualTo(called);
    }

    @Test
    void cancellingAStreamCancelsTheGeneration() throws InterruptedException {
        int before = finished.size();
        List<ChatResponse> firstTwo = client.prompt().user("Tell me a long story.")
                .options(TramontaneChatOptions.builder().seed(5L).maxTokens(400))
                .stream().chatResponse().take(2).collectList().block(Duration.ofSeconds(60));
        assertThat(firstTwo).hasSize(2);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (finished.size() == before && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        GenerationResult r = finished.get(before);
        assertThat(r.finishReason()).isEqualTo(dev.tramontane.engine.serve.FinishReason.CANCELLED);
        assertThat(r.usage().completionTokens()).isLessThan(400);
    }

    @Test
    void anOutputSchemaIsEnforcedByConstrainedDecoding() {
        String schema = """
                {"type": "object", "properties": {"title": {"type": "string"}, "pages": {"type": "integer"}},
                 "required": ["title", "pages"], "additionalProperties": false}""";
        String json = client.prompt().user("Describe a book.")
                .options(TramontaneChatOptions.builder().seed(4L).maxTokens(60).outputSchema(schema)).call().content();
        JsonNode node = JsonMapper.builder().build().readTree(json);
        assertThat(node.propertyNames()).containsExactlyInAnyOrder("title", "pages");
        assertThat(node.get("pages").isIntegralNumber()).isTrue();
    }

    record Book(String title, int pages) {}

    @Test
    void springAisNativeStructuredOutputGetsAnEntityFromConstrainedDecoding() {
        int before = observed.size();
        Book book = client.prompt().advisors(AdvisorParams.ENABLE_NATIVE_STRUCTURED_OUTPUT).user("Describe a book.")
                .options(TramontaneChatOptions.builder().seed(6L).maxTokens(80)).call().entity(Book.class);
        assertThat(book).isNotNull();
        assertThat(book.title()).isNotNull();
        ChatModelObservationContext context = (ChatModelObservationContext) observed.subList(before, observed.size()).stream()
                .filter(c -> c instanceof ChatModelObservationContext).findFirst().orElseThrow();
        assertThat(((TramontaneChatOptions) context.getRequest().getOptions()).getOutputSchema())
                .as("the schema reached the model, so the answer was decoded under it").contains("\"pages\"");
    }

    @Test
    void inTheV1FormatToolsGoIntoTheSystemTextAndAForcedCallComesBackAsAToolCall() {
        ToolCallback weather = new ToolCallback() {
            @Override
            public ToolDefinition getToolDefinition() {
                return ToolDefinition.builder().name("get_weather").description("Current weather of a city")
                        .inputSchema("{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}")
                        .build();
            }

            @Override
            public String call(String toolInput) {
                return "{\"celsius\": 21}";
            }
        };
        // Named tool choice: the call is decoded under that tool's call schema, so it is well-formed.
        Prompt prompt = new Prompt(List.<Message>of(new UserMessage("What is the weather in Lyon?")),
                TramontaneChatOptions.builder().toolCallbacks(List.of(weather)).toolChoice("get_weather").seed(2L).maxTokens(60).build());

        String rendered = model.tokenizer().decode(chatModel.prepare(prompt).request().promptTokens());
        assertThat(rendered).contains("You can call these functions:").contains("\"name\":\"get_weather\"");

        ChatResponse r = chatModel.call(prompt);
        assertThat(r.getResult().getMetadata().getFinishReason()).isEqualTo("TOOL_CALLS");
        assertThat(r.hasToolCalls()).isTrue();
        AssistantMessage.ToolCall call = r.getResult().getOutput().getToolCalls().getFirst();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.type()).isEqualTo("function");
        assertThat(call.id()).matches("[A-Za-z0-9]{9}");
        assertThat(JsonMapper.builder().build().readTree(call.arguments()).get("city").isString()).isTrue();
    }

    @Test
    void aConversationLongerThanTheContextIsRefusedOrShortenedAsConfigured() {
        List<Message> history = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            history.add(new UserMessage("Tell me part " + i + " of the story about the little red car and the big blue truck."));
            history.add(new AssistantMessage("The little red car drove to the big blue truck and they played all day long."));
        }
        history.add(new UserMessage("And then?"));
        assertThatThrownBy(() -> client.prompt().messages(history).options(TramontaneChatOptions.builder().maxTokens(20)).call().content())
                .isInstanceOf(ContextOverflowException.class).hasMessageContaining("512");

        TramontaneChatModel dropping = TramontaneChatModel.builder(service).overflowPolicy(OverflowPolicy.DROP_OLDEST_TURNS).build();
        ChatResponse r = ChatClient.create(dropping).prompt().messages(history)
                .options(TramontaneChatOptions.builder().maxTokens(20).seed(1L)).call().chatResponse();
        int dropped = r.getResult().getMetadata().get("droppedMessages");
        assertThat(dropped).isPositive().isEven();
        assertThat(r.getMetadata().getUsage().getPromptTokens() + 20).isLessThanOrEqualTo(512);
    }

    @Test
    void callsAreObservedWithSpringAisChatModelConvention() {
        int before = observed.size();
        ask("Tell me about a horse.", TramontaneChatOptions.builder().seed(8L).maxTokens(5));
        List<Observation.Context> mine = observed.subList(before, observed.size()).stream()
                .filter(c -> c instanceof ChatModelObservationContext).toList();
        assertThat(mine).hasSize(1);
        ChatModelObservationContext context = (ChatModelObservationContext) mine.getFirst();
        assertThat(context.getName()).isEqualTo("gen_ai.client.operation");
        assertThat(context.getResponse().getMetadata().getUsage().getCompletionTokens()).isPositive();
        assertThat(context.getLowCardinalityKeyValue("gen_ai.system").getValue()).isEqualTo(TramontaneChatModel.PROVIDER);
    }
}
