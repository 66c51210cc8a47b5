package dev.tramontane.webapp.api;

import dev.tramontane.rag.retrieve.HybridRetriever;
import dev.tramontane.tools.registry.UnknownToolException;
import dev.tramontane.webapp.tools.ToolService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * OpenAI's {@code POST /v1/chat/completions} over the engine's Spring AI chat model: whole answers
 * or server-sent chunks, tools and tool choice (required and named calls decoded under the tool
 * schema), structured output, usage and finish reasons, and opt-in retrieval with citations. With
 * Tramontane's {@code server_tools} the request runs through the application's one tool-calling
 * loop ({@link ServerToolTurn}), which runs the named registry tools on the server.
 */
@RestController
@Tag(name = "OpenAI-compatible", description = "Drop-in replacement for OpenAI's chat, completions, embeddings and models endpoints")
class ChatCompletionsController {

    private static final Logger log = LoggerFactory.getLogger(ChatCompletionsController.class);

    private final ServedModels models;
    private final ObjectProvider<HybridRetriever> retriever;
    private final ObjectMapper json;

    private final ObjectProvider<ToolService> tools;

    ChatCompletionsController(ServedModels models, ObjectProvider<HybridRetriever> retriever, ObjectMapper json,
                              ObjectProvider<ToolService> tools) {
        this.models = models;
        this.retriever = retriever;
        this.json = json;
        this.tools = tools;
    }

    @Operation(summary = "Create a chat completion (OpenAI-compatible; stream with \"stream\": true)")
    @PostMapping(path = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> create(@RequestBody JsonNode body, HttpServletResponse servletResponse) throws IOException {
        ChatCompletionRequest request = ChatCompletionParser.parse(body);
        ServedModels.Resolved model = models.resolve(request.model());
        String collection = request.collection() != null ? request.collection() : model.collection();
        List<Message> messages = request.messages();
        RetrievedContext context = null;
        if (collection != null) {
            context = RetrievedContext.search(retriever.getObject(), collection, messages);
            messages = context.augment(messages);
        }
        ChatCompletionJson out = new ChatCompletionJson("chatcmpl-" + UUID.randomUUID().toString().replace("-", ""),
                Instant.now().getEpochSecond(), request.model());
        if (!request.serverTools().isEmpty()) {
            ServerToolTurn turn = new ServerToolTurn(model.chatModel(), serverTools(request.serverTools()), request.options(), out, json);
            if (!request.stream()) {
                return ResponseEntity.ok(turn.complete(messages, context));
            }
            turn.stream(messages, context, request.includeUsage(), servletResponse);
            return null;
        }
        Prompt prompt = new Prompt(messages, request.options());
        if (!request.stream()) {
            ChatResponse response = model.chatModel().call(prompt);
            List<Map<String, Object>> annotations = context == null ? List.of() : context.annotations(response.getResult().getOutput().getText());
            return ResponseEntity.ok(out.completion(response, annotations));
        }
        stream(model, prompt, request.includeUsage(), context, out, servletResponse);
        return null;
    }

    /** The registry's tools named in {@code server_tools}, under its limits; an unknown name is a 400 listing the tools. */
    private ServerToolTurn.Tools serverTools(List<String> names) {
        ToolService service = tools.getIfAvailable();
        if (service == null) {
            throw ApiException.badRequest("server_tools", "this server has no tool registry, so server_tools cannot be used");
        }
        try {
            return new ServerToolTurn.Tools(service.forRequest(names), service.maxRounds());
        } catch (UnknownToolException e) {
            throw ApiException.badRequest("server_tools", e.getMessage());
        }
    }

    private void stream(ServedModels.Resolved model, Prompt prompt, boolean includeUsage, RetrievedContext context,
                        ChatCompletionJson out, HttpServletResponse servletResponse) throws IOException {
        SignalQueue<ChatResponse> signals = new SignalQueue<>();
        model.chatModel().stream(prompt).subscribe(signals);
        RuntimeException refusal = signals.refusal();
        if (refusal != null) {
            throw refusal;
        }
        StringBuilder answer = new StringBuilder();
        try {
            SseWriter sse = SseWriter.start(servletResponse, json);
            sse.data(out.chunk(role(), null, includeUsage));
            while (true) {
                SignalQueue.Signal<ChatResponse> signal = signals.take();
                if (signal instanceof SignalQueue.Failed<ChatResponse> failed) {
                    sse.raw(streamError(failed.error()));
                    return;
                }
                if (signal instanceof SignalQueue.Completed<ChatResponse>) {
                    sse.done();
                    return;
                }
                ChatResponse response = ((SignalQueue.Next<ChatResponse>) signal).value();
                AssistantMessage message = response.getResult().getOutput();
                String text = message.getText();
                if (text != null && !text.isEmpty()) {
                    answer.append(text);
                    sse.data(out.chunk(ChatCompletionJson.delta("content", text), null, includeUsage));
                }
                String finish = ChatCompletionJson.finishReason(response);
                if (finish == null) {
                    continue;
                }
                if (message.hasToolCalls()) {
                    sse.data(out.chunk(ChatCompletionJson.delta("tool_calls",
                            ChatCompletionJson.toolCalls(message.getToolCalls(), true)), null, includeUsage));
                }
                Map<String, Object> last = new java.util.LinkedHashMap<>();
                if (context != null) {
                    last.put("annotations", context.annotations(answer.toString()));
                }
                sse.data(out.chunk(last, finish, includeUsage));
                if (includeUsage) {
                    sse.data(out.usageChunk(response));
                }
            }
        } catch (IOException clientGone) {
            log.debug("streaming client went away; cancelling its generation");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            signals.dispose();
        }
    }

    static Map<String, Object> role() {
        Map<String, Object> delta = ChatCompletionJson.delta("role", "assistant");
        delta.put("content", "");
        delta.put("refusal", null);
        return delta;
    }

    /** An error after the stream began: OpenAI SDKs raise a data event that carries {@code error}. */
    static String streamError(Throwable error) {
        log.error("streamed generation failed", error);
        return ApiErrors.json(error.getMessage(), "server_error", null, null);
    }
}
