package dev.tramontane.tools.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tramontane.engine.spring.TramontaneChatOptions;
import dev.tramontane.tools.TestChatModel;
import dev.tramontane.tools.builtin.CalculatorTool;
import dev.tramontane.tools.builtin.DateTimeTool;
import dev.tramontane.tools.builtin.UnitConversionTool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;

/**
 * With {@code toolChoice = required} (or a tool's name) every call is well-formed: a real tool's
 * name and arguments valid under that tool's schema (checked by an independent validator), from a
 * model with random weights — over many prompts, random tool schemas, sampling seeds, and the
 * built-in tools' generated schemas. Run for each prompt format by the subclasses.
 */
abstract class WellFormedToolCallsContract {

    abstract TestChatModel model();

    /** Room for the longest shortest call: byte-level vocabularies need more tokens per character. */
    abstract int maxTokens();

    static final SchemaRegistry VALIDATORS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    static final List<String> PROMPTS = List.of("What is the weather in Lyon?", "Convertis 3 miles en kilomètres.",
            "Wie spät ist es in Berlin?", "Busca el contrato de alquiler", "Calcola il 15% di 240",
            "hello", "Summarise page 4 of the manual", "{\"not\": \"a call\"}", "Book a table for two at 8 pm",
            "Quel est le taux de change EUR/CHF ?", "List three tags for this photo", "ok then");

    static ToolCallback tool(String name, String schema) {
        return new ToolCallback() {
            @Override
            public ToolDefinition getToolDefinition() {
                return ToolDefinition.builder().name(name).description("the " + name + " function").inputSchema(schema).build();
            }

            @Override
            public String call(String toolInput) {
                throw new AssertionError("this test only generates calls");
            }
        };
    }

    /** Asserts every call names one of {@code tools} and has arguments valid under its schema; returns how many calls. */
    static int assertWellFormed(ChatResponse response, List<ToolCallback> tools, String context) {
        Map<String, ToolCallback> byName = tools.stream().collect(Collectors.toMap(t -> t.getToolDefinition().name(), Function.identity()));
        List<AssistantMessage.ToolCall> calls = response.getResult().getOutput().getToolCalls();
        assertThat(calls).as("calls of %s", context).isNotEmpty();
        assertThat(response.getResult().getMetadata().getFinishReason()).as(context).isEqualTo("TOOL_CALLS");
        for (AssistantMessage.ToolCall call : calls) {
            assertThat(byName).as("tool name of %s", context).containsKey(call.name());
            assertThat(call.id()).as(context).matches("[A-Za-z0-9]{9}");
            Schema schema = VALIDATORS.getSchema(byName.get(call.name()).getToolDefinition().inputSchema(), InputFormat.JSON);
            List<Error> errors = schema.validate(call.arguments(), InputFormat.JSON);
            assertThat(errors).as("arguments %s of %s in %s", call.arguments(), call.name(), context).isEmpty();
        }
        return calls.size();
    }

    private ChatResponse call(String prompt, List<ToolCallback> tools, String choice, long seed) {
        return model().chat().call(new Prompt(List.<Message>of(new UserMessage(prompt)), TramontaneChatOptions.builder()
                .toolCallbacks(tools).toolChoice(choice).seed(seed).temperature(1.0).maxTokens(maxTokens()).build()));
    }

    @Test
    void requiredGivesWellFormedCallsForEveryPromptAndRandomSchema() {
        Random random = new Random(2026);
        int cases = 0;
        int calls = 0;
        for (int i = 0; i < 16; i++) {
            RandomToolSchemas schemas = new RandomToolSchemas(random.nextLong());
            List<ToolCallback> tools = new ArrayList<>();
            int n = 1 + random.nextInt(3);
            for (int t = 0; t < n; t++) {
                tools.add(tool("fn_" + i + "_" + t, schemas.objectSchema(1)));
            }
            String prompt = PROMPTS.get(i % PROMPTS.size());
            String context = "case " + i + " (" + prompt + ", " + tools.stream().map(t -> t.getToolDefinition().inputSchema()).toList() + ")";
            calls += assertWellFormed(call(prompt, tools, "required", random.nextLong()), tools, context);
            cases++;
        }
        assertThat(cases).isEqualTo(16);
        assertThat(calls).isGreaterThanOrEqualTo(16);
    }

    @Test
    void aNamedToolIsAlwaysTheOneCalled() {
        Random random = new Random(7);
        List<ToolCallback> tools = List.of(tool("alpha", new RandomToolSchemas(1).objectSchema(1)),
                tool("beta", new RandomToolSchemas(2).objectSchema(1)), tool("gamma", new RandomToolSchemas(3).objectSchema(0)));
        for (int i = 0; i < 3; i++) {
            String name = tools.get(i % 3).getToolDefinition().name();
            ChatResponse response = call(PROMPTS.get(i), tools, name, random.nextLong());
            assertWellFormed(response, tools, "named " + name);
            assertThat(response.getResult().getOutput().getToolCalls()).allSatisfy(c -> assertThat(c.name()).isEqualTo(name));
        }
    }

    @Test
    void theBuiltInToolsSchemasGeneratedBySpringAiGiveWellFormedCallsToo() {
        List<ToolCallback> builtIns = List.of(MethodToolCallbackProvider.builder()
                .toolObjects(new CalculatorTool(), new UnitConversionTool(), new DateTimeTool(Clock.systemUTC())).build().getToolCallbacks());
        Random random = new Random(11);
        for (int i = 0; i < 4; i++) {
            ChatResponse response = call(PROMPTS.get(i), builtIns, "required", random.nextLong());
            assertWellFormed(response, builtIns, "built-ins, prompt " + i);
        }
    }
}
