package dev.tramontane.engine.spring;

import dev.tramontane.engine.chat.ChatMessage;
import dev.tramontane.engine.chat.ChatTemplate;
import dev.tramontane.engine.chat.ChatTemplateFamily;
import dev.tramontane.engine.chat.ChatTemplates;
import dev.tramontane.engine.sampling.SamplingParams;
import dev.tramontane.engine.serve.ChatPromptFitter;
import dev.tramontane.engine.serve.ChatPromptFitter.FittedPrompt;
import dev.tramontane.engine.serve.ChatPromptFitter.OverflowPolicy;
import dev.tramontane.engine.serve.FinishReason;
import dev.tramontane.engine.serve.GenerationFailedException;
import dev.tramontane.engine.serve.GenerationHandle;
import dev.tramontane.engine.serve.GenerationListener;
import dev.tramontane.engine.serve.GenerationRejectedException;
import dev.tramontane.engine.serve.GenerationRequest;
import dev.tramontane.engine.serve.GenerationResult;
import dev.tramontane.engine.serve.InferenceService;
import dev.tramontane.engine.serve.InvalidGenerationRequestException;
import dev.tramontane.engine.serve.ResponseFormat;
import dev.tramontane.engine.tokenizer.Tokenizer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationConvention;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tool.ToolCallback;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Spring AI's {@link ChatModel} (call and stream) over an {@link InferenceService}: the prompt's
 * messages are rendered with the model's chat template (chosen by its vocabulary), fitted to the
 * context under an {@link OverflowPolicy}, generated with the merged options, and answered with
 * usage and finish reason in the metadata. Tool definitions in the options are rendered in the
 * model's tool format and tool calls in the output come back as {@link AssistantMessage.ToolCall}s;
 * a tool choice of {@code required} or a tool's name forces a call, decoded under
 * {@link ToolCallSchema} so it is always well-formed; running the tools is left to Spring AI's
 * tool-calling advisor. An output schema (or
 * {@code anyJson}) turns on constrained decoding. Calls are observed under Spring AI's
 * {@code gen_ai.client.operation} convention.
 *
 * <p>Finish reasons: {@code STOP}, {@code LENGTH}, {@code TOOL_CALLS}, {@code CANCELLED}.
 * Refusals from the service ({@code ServiceOverloadedException}, {@code ContextOverflowException},
 * …) propagate unchanged so an HTTP layer can map them; a failed generation is a {@link GenerationFailedException}.
 */
public final class TramontaneChatModel implements ChatModel {

    /** The {@code gen_ai.system} / provider name in observations. */
    public static final String PROVIDER = "tramontane";

    private static final ChatModelObservationConvention DEFAULT_CONVENTION = new DefaultChatModelObservationConvention();

    private final InferenceService service;
    private final ChatTemplate template;
    private final TramontaneChatOptions defaultOptions;
    private final OverflowPolicy overflowPolicy;
    private final ObservationRegistry observationRegistry;
    private final ChatModelObservationConvention observationConvention;
    private final String modelName;
    private final ToolCallExtractor toolCalls;
    private final AtomicLong responseIds = new AtomicLong();

    private TramontaneChatModel(Builder b) {
        this.service = Objects.requireNonNull(b.service, "service");
        Tokenizer tokenizer = service.tokenizer();
        this.template = b.template != null ? b.template : ChatTemplates.forVocabulary(tokenizer);
        this.defaultOptions = b.defaultOptions != null ? b.defaultOptions : engineDefaults();
        this.overflowPolicy = b.overflowPolicy;
        this.observationRegistry = b.observationRegistry;
        this.observationConvention = b.observationConvention;
        this.modelName = b.modelName != null ? b.modelName
                : service.model().gguf().metadata().getString("general.name", service.model().gguf().path().getFileName().toString());
        this.toolCalls = new ToolCallExtractor(tokenizer);
    }

    public static Builder builder(InferenceService service) {
        return new Builder(service);
    }

    /** The sampling defaults of the engine, as options: temperature 0.8, top-k 40, top-p 0.95, min-p 0.05. */
    public static TramontaneChatOptions engineDefaults() {
        SamplingParams d = SamplingParams.defaults();
        return TramontaneChatOptions.builder().temperature((double) d.temperature()).topK(d.topK())
                .topP((double) d.topP()).minP((double) d.minP()).build();
    }

    @Override
    public ChatOptions getDefaultOptions() {
        return defaultOptions.mutate().build();
    }

    @Override
    public ChatOptions getOptions() {
        return getDefaultOptions();
    }

    public ChatTemplate template() {
        return template;
    }

    @Override
    public ChatResponse call(Prompt prompt) {
        Prepared p = prepare(prompt);
        ChatModelObservationContext context = ChatModelObservationContext.builder().prompt(p.observed).provider(PROVIDER).build();
        return ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
                .observation(observationConvention, DEFAULT_CONVENTION, () -> context, observationRegistry)
                .observe(() -> {
                    GenerationHandle handle = service.submit(p.request);
                    GenerationResult result = await(handle);
                    ChatResponse response = finalResponse(p, result, "");
                    context.setResponse(response);
                    return response;
                });
    }

    private static GenerationResult await(GenerationHandle handle) {
        GenerationResult result;
        try {
            result = handle.result().get();
        } catch (InterruptedException e) {
            handle.cancel();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the generation; it was cancelled", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the generation future failed", e.getCause());
        }
        if (result.finishReason() == FinishReason.ERROR) {
            throw new GenerationFailedException(result);
        }
        return result;
    }

    @Override
    public Flux<ChatResponse> stream(Prompt prompt) {
        return Flux.defer(() -> {
            Prepared p = prepare(prompt);
            ChatModelObservationContext context = ChatModelObservationContext.builder()
                    .prompt(p.observed).provider(PROVIDER).streaming(true).build();
            Observation observation = ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
                    .observation(observationConvention, DEFAULT_CONVENTION, () -> context, observationRegistry);
            observation.start();
            return Flux.<ChatResponse>create(sink -> {
                StreamingResponder responder = new StreamingResponder(p, sink, context);
                GenerationHandle handle = service.submit(p.request, responder);
                sink.onDispose(handle::cancel);
            }).doOnError(observation::error).doFinally(signal -> observation.stop());
        });
    }

    /** What a prompt becomes: merged options, the request for the service, and the prompt as observed. */
    record Prepared(TramontaneChatOptions options, GenerationRequest request, Prompt observed, boolean tools,
                    boolean forcedCall, FittedPrompt fitted, String id) {}

    Prepared prepare(Prompt prompt) {
        try {
            return render(prompt);
        } catch (GenerationRejectedException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // Roles out of order for the format, tools the vocabulary cannot take, invalid sampling values:
            // the caller's request is at fault, so it is refused like any other invalid request.
            throw new InvalidGenerationRequestException("the request cannot be run by model " + modelName + " ("
                    + template.family().label() + " prompt format): " + e.getMessage(), e);
        }
    }

    private Prepared render(Prompt prompt) {
        TramontaneChatOptions options = defaultOptions.overriddenBy(prompt.getOptions());
        String choice = options.getToolChoice() == null ? "auto" : options.getToolChoice().strip();
        List<ToolSpec> tools = choice.equals("none") ? List.of() : toolSpecs(options.getToolCallbacks());
        List<ToolSpec> forced = forcedTools(choice, tools);
        ChatTemplateFamily family = template.family();
        boolean v1 = family == ChatTemplateFamily.MISTRAL_V1;
        String v1Instructions = v1 && !tools.isEmpty() ? MistralToolFormat.v1Instructions(tools) : null;
        String toolsJson = !v1 && !tools.isEmpty() ? MistralToolFormat.definitionsJson(tools) : null;
        List<ChatMessage> messages = SpringAiMessages.toChatMessages(prompt.getInstructions(), family, v1Instructions);
        SamplingParams sampling = sampling(options);
        // A forced call in a v3 vocabulary starts with [TOOL_CALLS], which the prompt then ends with.
        boolean marker = !forced.isEmpty() && toolCalls.toolCallsToken() >= 0;
        int room = marker ? Math.max(1, sampling.maxTokens()) + 1 : sampling.maxTokens();
        FittedPrompt fitted = new ChatPromptFitter(template, service.contextLength(), overflowPolicy).fit(messages, toolsJson, room);
        int[] tokens = fitted.tokens();
        if (marker) {
            tokens = Arrays.copyOf(tokens, tokens.length + 1);
            tokens[tokens.length - 1] = toolCalls.toolCallsToken();
        }
        ResponseFormat format = forced.isEmpty() ? responseFormat(options) : ResponseFormat.jsonSchema(ToolCallSchema.forTools(forced));
        GenerationRequest request = new GenerationRequest(tokens, sampling, format);
        return new Prepared(options, request, new Prompt(prompt.getInstructions(), options), !tools.isEmpty(), !forced.isEmpty(),
                fitted, "tramontane-" + responseIds.incrementAndGet());
    }

    /** The tools a call must be made to: none for auto/none, all for required, one for a name. */
    private static List<ToolSpec> forcedTools(String choice, List<ToolSpec> tools) {
        switch (choice) {
            case "auto", "none" -> {
                return List.of();
            }
            case "required" -> {
                if (tools.isEmpty()) {
                    throw new IllegalArgumentException("tool choice \"required\" needs at least one tool in the request");
                }
                return tools;
            }
            default -> {
                List<ToolSpec> named = tools.stream().filter(t -> t.name().equals(choice)).toList();
                if (named.isEmpty()) {
                    throw new IllegalArgumentException("tool choice \"" + choice + "\" is not auto, none, required or the name of"
                            + " one of the request's tools " + tools.stream().map(ToolSpec::name).toList());
                }
                return named;
            }
        }
    }

    private static List<ToolSpec> toolSpecs(List<ToolCallback> callbacks) {
        if (callbacks == null) {
            return List.of();
        }
        return callbacks.stream().map(ToolCallback::getToolDefinition)
                .map(d -> new ToolSpec(d.name(), d.description(), d.inputSchema())).toList();
    }

    static SamplingParams sampling(TramontaneChatOptions o) {
        SamplingParams s = SamplingParams.defaults().withMaxTokens(o.getMaxTokens() != null ? o.getMaxTokens() : -1);
        if (o.getTemperature() != null) s = s.withTemperature(o.getTemperature().floatValue());
        if (o.getTopK() != null) s = s.withTopK(o.getTopK());
        if (o.getTopP() != null) s = s.withTopP(o.getTopP().floatValue());
        if (o.getMinP() != null) s = s.withMinP(o.getMinP().floatValue());
        if (o.getFrequencyPenalty() != null) s = s.withFrequencyPenalty(o.getFrequencyPenalty().floatValue());
        if (o.getPresencePenalty() != null) s = s.withPresencePenalty(o.getPresencePenalty().floatValue());
        if (o.getSeed() != null) s = s.withSeed(o.getSeed());
        if (o.getStopSequences() != null) s = s.withStop(o.getStopSequences());
        return s;
    }

    private static ResponseFormat responseFormat(TramontaneChatOptions o) {
        if (o.getOutputSchema() != null && !o.getOutputSchema().isBlank()) {
            return ResponseFormat.jsonSchema(o.getOutputSchema());
        }
        return Boolean.TRUE.equals(o.getAnyJson()) ? ResponseFormat.ANY_JSON : ResponseFormat.TEXT;
    }

    /** The answer of a finished generation: text, tool calls, finish reason, usage. */
    private ChatResponse finalResponse(Prepared p, GenerationResult result, String alreadyStreamed) {
        String content = result.text();
        List<ParsedToolCall> calls = List.of();
        if (p.tools) {
            ToolCallExtractor.Extracted extracted = toolCalls.extract(result.tokens(), result.text());
            content = extracted.content();
            calls = extracted.calls();
        }
        String finish = !calls.isEmpty() ? "TOOL_CALLS" : result.finishReason().name();
        AssistantMessage message = AssistantMessage.builder()
                .content(alreadyStreamed.isEmpty() ? content : content.substring(Math.min(alreadyStreamed.length(), content.length())))
                .toolCalls(calls.stream().map(c -> new AssistantMessage.ToolCall(c.id(), "function", c.name(), c.argumentsJson())).toList())
                .build();
        ChatGenerationMetadata generationMetadata = ChatGenerationMetadata.builder().finishReason(finish)
                .metadata("cachedPromptTokens", result.usage().cachedPromptTokens())
                .metadata("droppedMessages", p.fitted.droppedMessages()).build();
        return new ChatResponse(List.of(new Generation(message, generationMetadata)), metadata(p, result));
    }

    private ChatResponseMetadata metadata(Prepared p, GenerationResult result) {
        ChatResponseMetadata.Builder b = ChatResponseMetadata.builder().id(p.id).model(modelName);
        if (result != null) {
            var u = result.usage();
            b.usage(new DefaultUsage(u.promptTokens(), u.completionTokens(), u.totalTokens(), u, (long) u.cachedPromptTokens(), null))
                    .keyValue("timeToFirstTokenMillis", result.timeToFirstTokenNanos() / 1e6)
                    .keyValue("tokensPerSecond", result.tokensPerSecond());
        }
        return b.build();
    }

    /**
     * Turns service callbacks into {@link ChatResponse} chunks: one per text piece, then a last one
     * with finish reason, usage and tool calls. With tools offered, text that may be a call is held
     * back (v3: everything after {@code [TOOL_CALLS]}; v1: while the answer starts like JSON).
     */
    private final class StreamingResponder implements GenerationListener {
        private final Prepared p;
        private final FluxSink<ChatResponse> sink;
        private final ChatModelObservationContext context;
        private final StringBuilder streamed = new StringBuilder();
        private final StringBuilder held = new StringBuilder();
        private boolean inToolCall;

        StreamingResponder(Prepared p, FluxSink<ChatResponse> sink, ChatModelObservationContext context) {
            this.p = p;
            this.sink = sink;
            this.context = context;
        }

        @Override
        public void onToken(int token) {
            if (p.tools && token == toolCalls.toolCallsToken()) {
                inToolCall = true;
            }
        }

        @Override
        public void onText(String piece) {
            if (inToolCall || p.forcedCall) {
                return;
            }
            if (p.tools && toolCalls.toolCallsToken() < 0) {
                held.append(piece);
                if (ToolCallParser.mayStartCall(held.toString())) {
                    return;
                }
                piece = held.toString();
                held.setLength(0);
            }
            emit(piece);
        }

        private void emit(String piece) {
            streamed.append(piece);
            AssistantMessage chunk = AssistantMessage.builder().content(piece).build();
            sink.next(new ChatResponse(List.of(new Generation(chunk)), metadata(p, null)));
        }

        @Override
        public void onComplete(GenerationResult result) {
            if (result.finishReason() == FinishReason.ERROR) {
                sink.error(new GenerationFailedException(result));
                return;
            }
            ChatResponse last = finalResponse(p, result, streamed.toString());
            context.setResponse(finalResponse(p, result, ""));
            sink.next(last);
            sink.complete();
        }
    }

    public static final class Builder {
        private final InferenceService service;
        private ChatTemplate template;
        private TramontaneChatOptions defaultOptions;
        private OverflowPolicy overflowPolicy = OverflowPolicy.ERROR;
        private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
        private ChatModelObservationConvention observationConvention;
        private String modelName;

        private Builder(InferenceService service) {
            this.service = service;
        }

        /** The prompt format; default: chosen by the vocabulary ({@link ChatTemplates#forVocabulary}). */
        public Builder template(ChatTemplate template) {
            this.template = template;
            return this;
        }

        /** Options used where a request sets none; default {@link #engineDefaults()}. */
        public Builder defaultOptions(TramontaneChatOptions options) {
            this.defaultOptions = options;
            return this;
        }

        /** What happens when a conversation does not fit the context; default ERROR. */
        public Builder overflowPolicy(OverflowPolicy policy) {
            this.overflowPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Builder observationRegistry(ObservationRegistry registry) {
            this.observationRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** A custom convention; null keeps Spring AI's default. */
        public Builder observationConvention(ChatModelObservationConvention convention) {
            this.observationConvention = convention;
            return this;
        }

        /** The model name in response metadata; default the GGUF {@code general.name} or the file name. */
        public Builder modelName(String name) {
            this.modelName = name;
            return this;
        }

        public TramontaneChatModel build() {
            return new TramontaneChatModel(this);
        }
    }
}
