package dev.tramontane.webapp.api;

import dev.tramontane.engine.spring.TramontaneChatOptions;
import dev.tramontane.tools.loop.ToolCallOutcome;
import dev.tramontane.tools.loop.ToolCallingLoop;
import dev.tramontane.tools.loop.ToolLoopListener;
import dev.tramontane.tools.loop.ToolLoopResult;
import dev.tramontane.tools.registry.ToolSet;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.tool.ToolCallback;
import tools.jackson.databind.ObjectMapper;

/**
 * One {@code /v1/chat/completions} request with {@code server_tools}: run through the application's
 * one {@link ToolCallingLoop}, like a chat turn of the UI. The server runs the named registry tools
 * (limits, timeout, result size and calls per turn of the registry; {@code tool_choice} applies to
 * the first round); the client's own {@code tools} keep OpenAI's meaning: when the model calls one,
 * the answer ends with {@code finish_reason: "tool_calls"} and the call for the client to run.
 *
 * <p>The server's calls are shown as an extension OpenAI clients ignore: {@code message.server_tool_calls}
 * in a whole answer; when streaming, a chunk whose {@code delta.server_tool_call} has
 * {@code status: "running"} as a call starts, and one with {@code "completed"} (and {@code result})
 * or {@code "failed"} (and {@code error}) as it ends.
 */
final class ServerToolTurn {

    private static final Logger log = LoggerFactory.getLogger(ServerToolTurn.class);

    /** The request's server tools and the rounds the loop may run. */
    record Tools(ToolSet set, int maxRounds) {}

    private final ChatModel model;
    private final Tools tools;
    private final TramontaneChatOptions options;
    private final List<ToolCallback> clientTools;
    private final ChatCompletionJson out;
    private final ObjectMapper json;

    ServerToolTurn(ChatModel model, Tools tools, TramontaneChatOptions options, ChatCompletionJson out, ObjectMapper json) {
        this.model = model;
        this.tools = tools;
        this.options = options;
        this.clientTools = options.getToolCallbacks() == null ? List.of() : List.copyOf(options.getToolCallbacks());
        this.out = out;
        this.json = json;
    }

    private ToolLoopResult run(List<Message> messages, ToolLoopListener listener) {
        try {
            return new ToolCallingLoop(model, tools.maxRounds()).run(messages, options, tools.set(), clientTools, listener);
        } catch (IllegalArgumentException clash) {
            throw ApiException.badRequest("tools", clash.getMessage());
        }
    }

    Map<String, Object> complete(List<Message> messages, RetrievedContext context) {
        ToolLoopResult result = run(messages, ToolLoopListener.NONE);
        List<Map<String, Object>> annotations = context == null ? List.of() : context.annotations(result.text());
        List<Map<String, Object>> serverCalls = result.calls().stream().map(ChatCompletionJson::serverToolCall).toList();
        return out.completion(result.text(), result.clientCalls(), finishReason(result), ChatCompletionJson.usage(result.usage()),
                annotations, serverCalls);
    }

    private static String finishReason(ToolLoopResult result) {
        if (!result.clientCalls().isEmpty()) {
            return "tool_calls";
        }
        String reason = result.lastResponse() == null ? null : ChatCompletionJson.finishReason(result.lastResponse());
        return reason == null || reason.equals("tool_calls") ? "stop" : reason;
    }

    /**
     * Streams the turn. The response starts with the first event, so a refusal before it (queue
     * full, prompt too long) is still an HTTP error status; a failure after it is an error event.
     */
    void stream(List<Message> messages, RetrievedContext context, boolean includeUsage, HttpServletResponse servletResponse) {
        Events events = new Events(servletResponse, includeUsage);
        ToolLoopResult result;
        try {
            result = run(messages, events);
        } catch (RuntimeException e) {
            if (!events.started()) {
                throw e;
            }
            events.fail(e);
            return;
        }
        if (events.clientGone) {
            log.debug("streaming client went away; its turn was stopped");
            return;
        }
        try {
            if (!result.clientCalls().isEmpty()) {
                events.send(out.chunk(ChatCompletionJson.delta("tool_calls", ChatCompletionJson.toolCalls(result.clientCalls(), true)),
                        null, includeUsage));
            }
            Map<String, Object> last = new LinkedHashMap<>();
            if (context != null) {
                last.put("annotations", context.annotations(result.text()));
            }
            events.send(out.chunk(last, finishReason(result), includeUsage));
            if (includeUsage) {
                events.send(out.usageChunk(ChatCompletionJson.usage(result.usage())));
            }
            events.sse().done();
        } catch (IOException | UncheckedIOException clientGone) {
            log.debug("streaming client went away at the end of its answer");
        }
    }

    /** The loop's events as chunks; the first one opens the stream with the assistant's role. */
    private final class Events implements ToolLoopListener {
        private final HttpServletResponse response;
        private final boolean includeUsage;
        private SseWriter sse;
        private volatile boolean clientGone;

        Events(HttpServletResponse response, boolean includeUsage) {
            this.response = response;
            this.includeUsage = includeUsage;
        }

        boolean started() {
            return sse != null;
        }

        synchronized SseWriter sse() throws IOException {
            if (sse == null) {
                sse = SseWriter.start(response, json);
                sse.data(out.chunk(ChatCompletionsController.role(), null, includeUsage));
            }
            return sse;
        }

        synchronized void send(Map<String, Object> chunk) throws IOException {
            sse().data(chunk);
        }

        private void sendOrStop(Map<String, Object> delta) {
            if (clientGone) {
                return;
            }
            try {
                send(out.chunk(delta, null, includeUsage));
            } catch (IOException e) {
                clientGone = true; // the loop polls stopRequested and cancels the generation
            }
        }

        @Override
        public void onText(String piece) {
            sendOrStop(ChatCompletionJson.delta("content", piece));
        }

        @Override
        public void onToolCall(AssistantMessage.ToolCall call) {
            sendOrStop(ChatCompletionJson.delta("server_tool_call", ChatCompletionJson.serverToolCallStarted(call)));
        }

        @Override
        public void onToolResult(ToolCallOutcome outcome) {
            sendOrStop(ChatCompletionJson.delta("server_tool_call", ChatCompletionJson.serverToolCall(outcome)));
        }

        @Override
        public boolean stopRequested() {
            return clientGone;
        }

        void fail(RuntimeException e) {
            try {
                sse().raw(ChatCompletionsController.streamError(e));
            } catch (IOException gone) {
                log.debug("streaming client went away before the error event");
            }
        }
    }
}
