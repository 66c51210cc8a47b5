package dev.tramontane.tools.loop;

import dev.tramontane.engine.spring.TramontaneChatOptions;
import dev.tramontane.tools.registry.ToolSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tool.ToolCallback;
import reactor.core.Disposable;

/**
 * The one tool-calling loop of the application (UI chat turns and server-side tools of
 * {@code /v1/chat/completions}): model → tool calls → results → model, until the model answers
 * without calling or {@code maxRounds} rounds of calls have run; then it is asked once more with
 * the tools hidden ({@code toolChoice = none}) so the turn always ends in an answer.
 *
 * <p>The first request uses the caller's {@code toolChoice} (e.g. {@code required}); later ones use
 * {@code auto}, since a forced call every round would never end. Calls of one round (parallel calls)
 * run concurrently; each is already guarded by the {@link ToolSet} (timeout, size, per-turn budget,
 * errors as {@code {"error": …}} results), so a failing tool never ends the turn. The model is
 * streamed; text, calls and results go to the {@link ToolLoopListener} as they happen.
 *
 * <p>An API client may declare its own tools beside the server's ({@code clientTools}): the model
 * sees both, but the loop cannot run a client's tool (OpenAI semantics: the client runs it). A
 * round in which the model calls one ends the loop: the round's server calls still run (their
 * results are reported), and the client's calls are handed back in {@link ToolLoopResult#clientCalls()}.
 */
public final class ToolCallingLoop {

    /** Three rounds: a search, a refinement, a calculation — more is usually a model going in circles. */
    public static final int DEFAULT_MAX_ROUNDS = 3;

    private static final long STOP_POLL_MILLIS = 50;

    private final ChatModel model;
    private final int maxRounds;

    public ToolCallingLoop(ChatModel model, int maxRounds) {
        this.model = Objects.requireNonNull(model, "model");
        if (maxRounds < 0) {
            throw new IllegalArgumentException("tramontane.tools.max-rounds must be 0 or more, got " + maxRounds);
        }
        this.maxRounds = maxRounds;
    }

    public ToolCallingLoop(ChatModel model) {
        this(model, DEFAULT_MAX_ROUNDS);
    }

    /**
     * Runs one turn.
     *
     * @param messages the conversation so far (not modified)
     * @param options  sampling and tool choice for the turn; its tool callbacks are replaced by {@code tools}
     * @param tools    the turn's tools (may be empty: then it is a plain answer)
     */
    public ToolLoopResult run(List<Message> messages, TramontaneChatOptions options, ToolSet tools, ToolLoopListener listener) {
        return run(messages, options, tools, List.of(), listener);
    }

    /**
     * Runs one turn in which the model may also call tools the caller runs itself.
     *
     * @param clientTools tools offered to the model that the loop does not run (their {@code call} is never used);
     *                    their names must differ from the server's
     */
    public ToolLoopResult run(List<Message> messages, TramontaneChatOptions options, ToolSet tools,
                              List<? extends ToolCallback> clientTools, ToolLoopListener listener) {
        Set<String> clientNames = new HashSet<>();
        for (ToolCallback t : clientTools) {
            String name = t.getToolDefinition().name();
            if (tools.find(name).isPresent()) {
                throw new IllegalArgumentException("tool " + name + " is both a server tool and a client tool; rename the client's");
            }
            clientNames.add(name);
        }
        List<ToolCallback> offered = new ArrayList<>(tools.callbacks());
        offered.addAll(clientTools);
        UsageTotal usage = new UsageTotal();
        List<Message> conversation = new ArrayList<>(messages);
        List<Message> added = new ArrayList<>();
        List<ToolCallOutcome> outcomes = new ArrayList<>();
        String firstChoice = options.getToolChoice();
        for (int round = 0; ; round++) {
            boolean last = offered.isEmpty() || round >= maxRounds;
            TramontaneChatOptions.Builder b = options.mutate();
            if (offered.isEmpty()) {
                b.toolCallbacks(List.of()).toolChoice(null);
            } else {
                b.toolCallbacks(offered).toolChoice(last ? "none" : round == 0 ? firstChoice : "auto");
            }
            Streamed step = stream(new Prompt(conversation, b.build()), listener);
            usage.add(step.response);
            if (step.stopped) {
                return new ToolLoopResult(step.text, step.response, added, outcomes, round, false, true, List.of(), usage.total());
            }
            List<AssistantMessage.ToolCall> calls = step.calls;
            if (calls.isEmpty() || last) {
                AssistantMessage answer = AssistantMessage.builder().content(step.text).build();
                added.add(answer);
                return new ToolLoopResult(step.text, step.response, added, outcomes, round,
                        !offered.isEmpty() && round >= maxRounds && maxRounds > 0, false, List.of(), usage.total());
            }
            List<AssistantMessage.ToolCall> forClient = calls.stream().filter(c -> clientNames.contains(c.name())).toList();
            List<AssistantMessage.ToolCall> forServer = calls.stream().filter(c -> !clientNames.contains(c.name())).toList();
            AssistantMessage request = AssistantMessage.builder().content(step.text).toolCalls(calls).build();
            conversation.add(request);
            added.add(request);
            List<ToolCallOutcome> results = forServer.isEmpty() ? List.of() : runCalls(forServer, tools, listener);
            outcomes.addAll(results);
            if (!results.isEmpty()) {
                ToolResponseMessage response = ToolResponseMessage.builder().responses(results.stream()
                        .map(r -> new ToolResponseMessage.ToolResponse(r.id(), r.name(), r.result())).toList()).build();
                conversation.add(response);
                added.add(response);
            }
            if (!forClient.isEmpty()) {
                // The client runs these and sends their results in its next request.
                return new ToolLoopResult(step.text, step.response, added, outcomes, round + 1, false, false, forClient, usage.total());
            }
            if (listener.stopRequested()) {
                return new ToolLoopResult(step.text, step.response, added, outcomes, round + 1, false, true, List.of(), usage.total());
            }
        }
    }

    /** Token counts of every model request of a turn, added up. */
    private static final class UsageTotal {
        private long prompt;
        private long completion;

        void add(ChatResponse response) {
            if (response == null || response.getMetadata() == null || response.getMetadata().getUsage() == null) {
                return;
            }
            Usage u = response.getMetadata().getUsage();
            prompt += u.getPromptTokens() == null ? 0 : u.getPromptTokens();
            completion += u.getCompletionTokens() == null ? 0 : u.getCompletionTokens();
        }

        Usage total() {
            return new DefaultUsage((int) prompt, (int) completion);
        }
    }

    private static List<ToolCallOutcome> runCalls(List<AssistantMessage.ToolCall> calls, ToolSet tools, ToolLoopListener listener) {
        calls.forEach(listener::onToolCall);
        List<Future<ToolCallOutcome>> running = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (AssistantMessage.ToolCall call : calls) {
                running.add(executor.submit(() -> {
                    long start = System.nanoTime();
                    String result = tools.call(call.name(), call.arguments());
                    return ToolCallOutcome.of(call.id(), call.name(), call.arguments(), result, Duration.ofNanos(System.nanoTime() - start));
                }));
            }
            List<ToolCallOutcome> outcomes = new ArrayList<>();
            for (Future<ToolCallOutcome> f : running) {
                ToolCallOutcome outcome = f.get();
                listener.onToolResult(outcome);
                outcomes.add(outcome);
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running tool calls", e);
        } catch (java.util.concurrent.ExecutionException e) {
            // ToolSet.call never throws; reaching here is a bug in a guard, not a tool failure.
            throw new IllegalStateException("a tool call escaped its guard", e.getCause());
        }
    }

    private record Streamed(String text, List<AssistantMessage.ToolCall> calls, ChatResponse response, boolean stopped) {}

    /** Streams one model answer, passing text to the listener; polls the listener's stop flag. */
    private Streamed stream(Prompt prompt, ToolLoopListener listener) {
        StringBuilder text = new StringBuilder();
        List<AssistantMessage.ToolCall> calls = new ArrayList<>();
        AtomicReference<ChatResponse> lastResponse = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Disposable subscription = model.stream(prompt).subscribe(response -> {
            lastResponse.set(response);
            if (response == null || response.getResult() == null) {
                return;
            }
            AssistantMessage out = response.getResult().getOutput();
            if (out.getText() != null && !out.getText().isEmpty()) {
                text.append(out.getText());
                listener.onText(out.getText());
            }
            if (out.hasToolCalls()) {
                calls.addAll(out.getToolCalls());
            }
        }, error -> {
            failure.set(error);
            done.countDown();
        }, done::countDown);
        try {
            while (!done.await(STOP_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (listener.stopRequested()) {
                    subscription.dispose(); // cancels the sequence in the inference service
                    return new Streamed(text.toString(), List.of(), lastResponse.get(), true);
                }
            }
        } catch (InterruptedException e) {
            subscription.dispose();
            Thread.currentThread().interrupt();
            return new Streamed(text.toString(), List.of(), lastResponse.get(), true);
        }
        if (failure.get() != null) {
            throw failure.get() instanceof RuntimeException r ? r : new IllegalStateException(failure.get());
        }
        if (listener.stopRequested()) {
            // A stop that came while a short answer finished between two polls still stops the turn:
            // its tool calls must not run.
            return new Streamed(text.toString(), List.of(), lastResponse.get(), true);
        }
        return new Streamed(text.toString(), List.copyOf(calls), lastResponse.get(), false);
    }
}
