package dev.tramontane.webapp.tools;

import dev.tramontane.engine.spring.TramontaneChatOptions;
import dev.tramontane.tools.loop.ToolCallingLoop;
import dev.tramontane.tools.loop.ToolLoopListener;
import dev.tramontane.tools.loop.ToolLoopResult;
import dev.tramontane.tools.registry.ToolRegistry;
import dev.tramontane.tools.registry.ToolSelection;
import dev.tramontane.tools.registry.ToolSet;
import dev.tramontane.webapp.ModelRuntime;
import dev.tramontane.webapp.chat.TurnTools;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.stereotype.Service;

/**
 * Tools for the application's two callers. The UI: {@link TurnTools#forConversation} gives a chat turn its
 * conversation's tools (guarded: timeout, result size, calls per turn, errors as results), and a
 * conversation's tools can be switched on and off. The API: {@link #forRequest} resolves the tool
 * names of a request, and {@link #run} is the one tool-calling loop both use.
 */
@Service
public class ToolService implements TurnTools {

    private final ToolRegistry registry;
    private final ToolsProperties properties;
    private final ModelRuntime runtime;
    private final Map<String, ToolSelection> conversations = new ConcurrentHashMap<>();

    public ToolService(ToolRegistry registry, ToolsProperties properties, ModelRuntime runtime) {
        this.registry = registry;
        this.properties = properties;
        this.runtime = runtime;
    }

    public ToolRegistry registry() {
        return registry;
    }

    /** The application's defaults: tools on by default, plus {@code tramontane.tools.enabled}, minus {@code .disabled}. */
    public ToolSelection defaults() {
        Set<String> known = registry.tools().keySet();
        // Names of MCP tools that are not connected right now are skipped rather than failing every turn.
        return ToolSelection.defaults()
                .enabling(properties.enabled().stream().filter(known::contains).toList())
                .disabling(properties.disabled().stream().filter(known::contains).toList());
    }

    /** The selection of a conversation: the defaults unless it was changed with {@link #enable}/{@link #disable}. */
    public ToolSelection selectionFor(String conversationId) {
        return conversations.getOrDefault(conversationId, defaults());
    }

    /** Names of the tools a conversation uses. */
    public List<String> enabledFor(String conversationId) {
        return registry.resolve(selectionFor(conversationId));
    }

    public void enable(String conversationId, Collection<String> names) {
        registry.resolve(ToolSelection.only(names)); // unknown names are refused here, not at the next turn
        conversations.compute(conversationId, (id, s) -> (s == null ? defaults() : s).enabling(names));
    }

    public void disable(String conversationId, Collection<String> names) {
        registry.resolve(ToolSelection.only(names));
        conversations.compute(conversationId, (id, s) -> (s == null ? defaults() : s).disabling(names));
    }

    /** Back to the application's defaults. */
    public void reset(String conversationId) {
        conversations.remove(conversationId);
    }

    /** The callbacks of a conversation's tools (guarded), e.g. to list them. */
    public List<ToolCallback> toolsFor(String conversationId) {
        return registry.forTurn(selectionFor(conversationId)).callbacks();
    }

    /** The tools of one API request: the named ones (null = the defaults); an unknown name is an {@code UnknownToolException}. */
    public ToolSet forRequest(List<String> names) {
        return registry.forTurn(names == null ? defaults() : ToolSelection.only(names));
    }

    /** The tools of one chat turn in a conversation. */
    @Override
    public ToolSet forConversation(String conversationId) {
        return registry.forTurn(selectionFor(conversationId));
    }

    @Override
    public int maxRounds() {
        return properties.maxRounds();
    }

    /**
     * Runs one turn through the tool-calling loop on the loaded model.
     *
     * @throws IllegalStateException when no model is loaded (retrieval-only mode)
     */
    public ToolLoopResult run(List<Message> messages, TramontaneChatOptions options, ToolSet tools, ToolLoopListener listener) {
        return loop().run(messages, options, tools, listener);
    }

    public ToolCallingLoop loop() {
        return new ToolCallingLoop(runtime.chatModel().orElseThrow(() -> new IllegalStateException(
                "no model is loaded (retrieval-only mode), so tools cannot be called; set tramontane.model to a GGUF file")),
                properties.maxRounds());
    }
}
