package dev.tramontane.tools.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.spring.TramontaneChatOptions;
import dev.tramontane.tools.TestChatModel;
import dev.tramontane.tools.registry.ToolErrors;
import dev.tramontane.tools.registry.ToolLimits;
import dev.tramontane.tools.registry.ToolRegistry;
import dev.tramontane.tools.registry.ToolSelection;
import dev.tramontane.tools.registry.ToolSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.definition.DefaultToolDefinition;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * The loop on the real chat model (random weights): a forced first call runs the tool and its
 * result goes back to the model; a throwing and a slow tool become error results and the turn
 * still ends in an answer; at the round cap the model answers without tools. Run for each prompt
 * format by the subclasses.
 */
abstract class ToolCallingLoopContract {

    abstract TestChatModel model();

    static class Tools {
        final AtomicInteger lookups = new AtomicInteger();

        @Tool(name = "lookup", description = "Looks a word up")
        public String lookup(String word) {
            lookups.incrementAndGet();
            return "definition of " + word;
        }

        @Tool(name = "explode", description = "Always fails")
        public String explode(String input) {
            throw new IllegalStateException("boom");
        }

        @Tool(name = "sleepy", description = "Never answers in time")
        public String sleepy(String input) throws InterruptedException {
            Thread.sleep(30_000);
            return "too late";
        }
    }

    static final class Recorder implements ToolLoopListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onText(String piece) {
            events.add("text");
        }

        @Override
        public void onToolCall(AssistantMessage.ToolCall call) {
            events.add("call " + call.name());
        }

        @Override
        public void onToolResult(ToolCallOutcome outcome) {
            events.add((outcome.failed() ? "failed " : "result ") + outcome.name());
        }
    }

    private final Tools tools = new Tools();
    private final ToolRegistry registry = ToolRegistry.builder()
            .limits(ToolLimits.defaults().withTimeout(Duration.ofMillis(500))).toolObjects(tools).build();

    private static TramontaneChatOptions options(String choice, long seed) {
        return TramontaneChatOptions.builder().toolChoice(choice).seed(seed).temperature(1.0).maxTokens(96).build();
    }

    private static List<Message> question() {
        return List.of(new UserMessage("What does 'tramontane' mean?"));
    }

    @Test
    void aForcedCallRunsTheToolAndFeedsItsResultBackBeforeTheAnswer() {
        Recorder recorder = new Recorder();
        ToolSet set = registry.forTurn(ToolSelection.only(List.of("lookup")));
        ToolLoopResult result = new ToolCallingLoop(model().chat(), 2).run(question(), options("required", 1), set, recorder);

        assertThat(result.stopped()).isFalse();
        assertThat(result.calls()).isNotEmpty().allSatisfy(c -> {
            assertThat(c.name()).isEqualTo("lookup");
            assertThat(c.failed()).isFalse();
            assertThat(c.result()).startsWith("\"definition of ");
        });
        assertThat(tools.lookups.get()).isEqualTo(result.calls().size());
        // The conversation the loop built: the model's calls, then the results with matching ids, …, then the answer.
        assertThat(result.added().get(0)).isInstanceOfSatisfying(AssistantMessage.class, a -> assertThat(a.hasToolCalls()).isTrue());
        assertThat(result.added().get(1)).isInstanceOfSatisfying(ToolResponseMessage.class, r -> assertThat(r.getResponses())
                .extracting(ToolResponseMessage.ToolResponse::id)
                .containsExactlyElementsOf(((AssistantMessage) result.added().get(0)).getToolCalls().stream().map(AssistantMessage.ToolCall::id).toList()));
        assertThat(result.added().getLast().getMessageType()).isEqualTo(MessageType.ASSISTANT);
        assertThat(((AssistantMessage) result.added().getLast()).hasToolCalls()).isFalse();
        assertThat(result.lastResponse().getResult().getMetadata().getFinishReason()).isNotEqualTo("TOOL_CALLS");
        assertThat(recorder.events.getFirst()).isEqualTo("call lookup");
        assertThat(recorder.events).contains("result lookup");
        assertThat(recorder.events.indexOf("result lookup")).isGreaterThan(recorder.events.indexOf("call lookup"));
    }

    @Test
    void aThrowingToolBecomesAnErrorResultAndTheTurnStillEndsInAnAnswer() {
        Recorder recorder = new Recorder();
        ToolSet set = registry.forTurn(ToolSelection.only(List.of("lookup", "explode")));
        ToolLoopResult result = new ToolCallingLoop(model().chat(), 2).run(question(), options("explode", 2), set, recorder);

        ToolCallOutcome first = result.calls().getFirst();
        assertThat(first.name()).isEqualTo("explode");
        assertThat(first.failed()).isTrue();
        assertThat(first.result()).isEqualTo(ToolErrors.json("tool explode failed: boom"));
        assertThat(recorder.events).contains("failed explode");
        assertThat(result.stopped()).isFalse();
        assertThat(((AssistantMessage) result.added().getLast()).hasToolCalls()).isFalse();
    }

    @Test
    void aSlowToolIsCancelledAtItsTimeoutAndTheTurnGoesOn() {
        ToolSet set = registry.forTurn(ToolSelection.only(List.of("sleepy")));
        long start = System.nanoTime();
        ToolLoopResult result = new ToolCallingLoop(model().chat(), 1).run(question(), options("required", 3), set, ToolLoopListener.NONE);

        assertThat(result.calls()).isNotEmpty().allSatisfy(c -> {
            assertThat(c.failed()).isTrue();
            assertThat(c.result()).contains("did not answer within 500 ms");
            assertThat(c.duration()).isLessThan(Duration.ofSeconds(10));
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
        assertThat(((AssistantMessage) result.added().getLast()).hasToolCalls()).isFalse();
    }

    @Test
    void atTheRoundCapTheModelAnswersWithTheToolsHidden() {
        ToolSet set = registry.forTurn(ToolSelection.only(List.of("lookup")));
        ToolLoopResult result = new ToolCallingLoop(model().chat(), 1).run(question(), options("required", 4), set, ToolLoopListener.NONE);

        assertThat(result.rounds()).isEqualTo(1);
        assertThat(result.stoppedAtCap()).isTrue();
        assertThat(result.added()).hasSize(3); // calls, results, the answer
        assertThat(((AssistantMessage) result.added().getLast()).hasToolCalls()).isFalse();

        ToolLoopResult noRounds = new ToolCallingLoop(model().chat(), 0).run(question(), options("required", 5), set, ToolLoopListener.NONE);
        assertThat(noRounds.calls()).isEmpty();
        assertThat(noRounds.added()).hasSize(1);
    }

    /** A tool an API client declared: the model may call it, the client runs it. */
    static ToolCallback clientTool(String name) {
        return new ToolCallback() {
            @Override
            public ToolDefinition getToolDefinition() {
                return DefaultToolDefinition.builder().name(name).description("Runs on the client")
                        .inputSchema("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}")
                        .build();
            }

            @Override
            public String call(String toolInput) {
                throw new AssertionError("the loop must not run a client's tool");
            }
        };
    }

    @Test
    void aCallOfAClientsToolEndsTheLoopAndIsHandedBackUnrun() {
        Recorder recorder = new Recorder();
        ToolSet set = registry.forTurn(ToolSelection.only(List.of("lookup")));
        ToolLoopResult result = new ToolCallingLoop(model().chat(), 3)
                .run(question(), options("weather", 7), set, List.of(clientTool("weather")), recorder);

        assertThat(result.clientCalls()).isNotEmpty().allSatisfy(c -> assertThat(c.name()).isEqualTo("weather"));
        assertThat(result.calls()).isEmpty();
        assertThat(tools.lookups.get()).isZero();
        assertThat(recorder.events).noneMatch(e -> e.startsWith("call ") || e.startsWith("result "));
        assertThat(result.stopped()).isFalse();
        assertThat(result.usage().getPromptTokens()).isPositive();
        assertThat(result.usage().getCompletionTokens()).isPositive();
    }

    @Test
    void theUsageOfATurnAddsUpEveryModelRequest() {
        ToolSet set = registry.forTurn(ToolSelection.only(List.of("lookup")));
        ToolLoopResult result = new ToolCallingLoop(model().chat(), 1).run(question(), options("required", 8), set, ToolLoopListener.NONE);

        // Two requests (the forced call, then the answer): the second prompt alone is longer than the first.
        int lastPrompt = result.lastResponse().getMetadata().getUsage().getPromptTokens();
        assertThat(result.usage().getPromptTokens()).isGreaterThan(lastPrompt);
        assertThat(result.usage().getCompletionTokens())
                .isGreaterThan(result.lastResponse().getMetadata().getUsage().getCompletionTokens());
    }

    @Test
    void aClientToolNamedLikeAServerToolIsRefused() {
        ToolSet set = registry.forTurn(ToolSelection.only(List.of("lookup")));
        assertThatThrownBy(() -> new ToolCallingLoop(model().chat(), 1)
                .run(question(), options("auto", 9), set, List.of(clientTool("lookup")), ToolLoopListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lookup is both a server tool and a client tool");
    }

    @Test
    void aListenerCanStopTheTurn() {
        ToolSet set = registry.forTurn(ToolSelection.only(List.of("lookup")));
        ToolLoopListener impatient = new ToolLoopListener() {
            @Override
            public boolean stopRequested() {
                return true;
            }
        };
        ToolLoopResult result = new ToolCallingLoop(model().chat(), 3).run(question(), options("required", 6), set, impatient);
        assertThat(result.stopped()).isTrue();
        assertThat(result.calls()).isEmpty();
    }
}
