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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.stereotype.Service;

/**
 * Tools for the application's two callers. The UI: {@link TurnTools#forConversation} gives a chat turn its
 * conversation's tools (guarded: timeout, result size, calls per turn, errors as results) and
 * {@link #toolChoice}; a conversation's switches are kept in the database ({@link ConversationToolsRepository})
 * and changed with {@link #configure}, {@link #enable}, {@link #disable} or {@link #reset}. The API:
 * {@link #forRequest} resolves the tool names of a request; both run the one tool-calling loop.
 */
@Service
public class ToolService implements TurnTools {

    private final ToolRegistry registry;
    private final ToolsProperties properties;
    private final ModelRuntime runtime;
    private final ConversationToolsRepository conversations;

    public ToolService(ToolRegistry registry, ToolsProperties properties, ModelRuntime runtime,
                       ConversationToolsRepository conversations) {
        this.registry = registry;
        this.properties = properties;
        this.runtime = runtime;
        this.conversations = conversations;
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

    /** The selection of a conversation: its saved tools, or the defaults when it has none. */
    public ToolSelection selectionFor(String conversationId) {
        return saved(conversationId).map(s -> ToolSelection.only(s.enabled())).orElseGet(this::defaults);
    }

    /** The saved settings, without tools that are gone since (an MCP server that is not connected now). */
    private Optional<ConversationToolSettings> saved(String conversationId) {
        if (conversationId == null) {
            return Optional.empty();
        }
        return conversations.find(conversationId).map(s -> {
            Set<String> known = registry.tools().keySet();
            List<String> enabled = s.enabled().stream().filter(known::contains).toList();
            String choice = s.namesATool() && !enabled.contains(s.toolChoice()) ? ConversationToolSettings.AUTO : s.toolChoice();
            return new ConversationToolSettings(enabled, choice);
        });
    }

    /** Names of the tools a conversation uses. */
    public List<String> enabledFor(String conversationId) {
        return registry.resolve(selectionFor(conversationId));
    }

    /** The conversation's settings in effect (its own, or the defaults with {@code auto}). */
    public ConversationToolSettings settingsFor(String conversationId) {
        return saved(conversationId).orElseGet(() -> new ConversationToolSettings(registry.resolve(defaults()), ConversationToolSettings.AUTO));
    }

    /** Every tool, marked on or off for the conversation (null: a conversation not started yet). */
    public ConversationToolsView view(String conversationId) {
        ConversationToolSettings settings = settingsFor(conversationId);
        List<ConversationToolsView.Tool> tools = registry.tools().values().stream().map(ToolCallback::getToolDefinition)
                .map(d -> new ConversationToolsView.Tool(d.name(), d.description(), settings.enabled().contains(d.name()))).toList();
        return ConversationToolsView.of(conversationId, tools, settings.toolChoice(), saved(conversationId).isPresent());
    }

    /**
     * Saves the conversation's tools and tool choice.
     *
     * @throws dev.tramontane.tools.registry.UnknownToolException when a name is not a tool
     * @throws IllegalArgumentException when the choice is not auto, required, none or an enabled tool's name
     */
    public ConversationToolSettings configure(String conversationId, Collection<String> enabled, String toolChoice) {
        List<String> names = registry.resolve(ToolSelection.only(enabled == null ? List.of() : enabled));
        ConversationToolSettings settings = new ConversationToolSettings(names, toolChoice);
        if (settings.namesATool() && !names.contains(settings.toolChoice())) {
            throw new IllegalArgumentException("tool choice '" + settings.toolChoice() + "' must be auto, required, none or the name of"
                    + " an enabled tool; enabled: " + names);
        }
        if (settings.toolChoice().equals(ConversationToolSettings.REQUIRED) && names.isEmpty()) {
            throw new IllegalArgumentException("tool choice 'required' needs at least one enabled tool");
        }
        conversations.save(conversationId, settings);
        return settings;
    }

    public void enable(String conversationId, Collection<String> names) {
        registry.resolve(ToolSelection.only(names)); // unknown names are refused here, not at the next turn
        ConversationToolSettings now = settingsFor(conversationId);
        Set<String> on = new LinkedHashSet<>(now.enabled());
        on.addAll(names);
        configure(conversationId, on, now.toolChoice());
    }

    public void disable(String conversationId, Collection<String> names) {
        registry.resolve(ToolSelection.only(names));
        ConversationToolSettings now = settingsFor(conversationId);
        List<String> on = now.enabled().stream().filter(n -> !names.contains(n)).toList();
        String choice = names.contains(now.toolChoice()) || (on.isEmpty() && now.toolChoice().equals(ConversationToolSettings.REQUIRED))
                ? ConversationToolSettings.AUTO : now.toolChoice();
        configure(conversationId, on, choice);
    }

    /** Back to the application's defaults. */
    public void reset(String conversationId) {
        conversations.delete(conversationId);
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
    public String toolChoice(String conversationId) {
        return settingsFor(conversationId).toolChoice();
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
