package dev.tramontane.tools.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;

/**
 * All the tools the application knows, as Spring AI {@link ToolCallback}s: objects with
 * {@code @Tool} methods (their input schemas are generated from the Java parameter types by Spring
 * AI), single callbacks, and providers asked afresh on every turn (an MCP client's tools come and
 * go with its servers). Each source is on or off by default; a {@link ToolSelection} picks the
 * tools of a conversation or a request, and {@link #forTurn} returns them under the {@link ToolLimits}.
 *
 * <p>Tool names are unique: when two of the application's own sources (on by default) offer the
 * same name, listing or selecting tools fails with both tools in the message; a tool of an
 * off-by-default source (an MCP server) whose name is taken is skipped with a warning. Sources are asked lazily (never while the registry is built), so
 * an application context can create the registry before the tools' beans.
 */
public final class ToolRegistry {

    private static final System.Logger LOG = System.getLogger(ToolRegistry.class.getName());

    private record Source(ToolCallbackProvider provider, boolean onByDefault) {}

    private final List<Source> sources;
    private final ToolLimits limits;

    private ToolRegistry(Builder b) {
        this.sources = List.copyOf(b.sources);
        this.limits = b.limits;
    }

    public static Builder builder() {
        return new Builder();
    }

    public ToolLimits limits() {
        return limits;
    }

    /** Every tool, by name, in registration order. */
    public Map<String, ToolCallback> tools() {
        Map<String, ToolCallback> all = new LinkedHashMap<>();
        for (Source s : sources) {
            for (ToolCallback tool : s.provider.getToolCallbacks()) {
                put(all, tool, s.onByDefault);
            }
        }
        return all;
    }

    private static void put(Map<String, ToolCallback> all, ToolCallback tool, boolean own) {
        String name = tool.getToolDefinition().name();
        ToolCallback taken = all.putIfAbsent(name, tool);
        if (taken != null && taken != tool && !own) {
            // An external (off-by-default) source, e.g. an MCP server, cannot take over a name: it is skipped, not fatal.
            LOG.log(System.Logger.Level.WARNING, "tool {0} of {1} is skipped: the name is taken by {2}", name, describe(tool), describe(taken));
        } else if (taken != null && taken != tool) {
            throw new IllegalStateException("two tools are named " + name + " (" + describe(taken) + " and " + describe(tool)
                    + "); rename one with @Tool(name = \"…\")");
        }
    }

    private static String describe(ToolCallback tool) {
        return tool.getClass().getSimpleName() + ": " + tool.getToolDefinition().description();
    }

    public List<ToolDefinition> definitions() {
        return tools().values().stream().map(ToolCallback::getToolDefinition).toList();
    }

    public Optional<ToolCallback> find(String name) {
        return Optional.ofNullable(tools().get(name));
    }

    /** Names of the tools that are on unless a selection turns them off. */
    public Set<String> enabledByDefault() {
        Set<String> names = new TreeSet<>();
        for (Source s : sources) {
            if (s.onByDefault) {
                Arrays.stream(s.provider.getToolCallbacks()).map(t -> t.getToolDefinition().name()).forEach(names::add);
            }
        }
        return names;
    }

    /** The names {@code selection} resolves to; a name the registry does not know is refused, listing the known ones. */
    public List<String> resolve(ToolSelection selection) {
        Map<String, ToolCallback> all = tools();
        Set<String> named = new TreeSet<>(selection.enable());
        named.addAll(selection.disable());
        if (selection.only() != null) {
            named.addAll(selection.only());
        }
        List<String> unknown = named.stream().filter(n -> !all.containsKey(n)).toList();
        if (!unknown.isEmpty()) {
            throw new UnknownToolException(unknown, all.keySet());
        }
        Set<String> chosen = selection.only() != null ? new TreeSet<>(selection.only()) : enabledByDefault();
        chosen.addAll(selection.enable());
        chosen.removeAll(selection.disable());
        return all.keySet().stream().filter(chosen::contains).toList();
    }

    /** The selected tools for one turn: guarded by the limits, sharing one call budget. */
    public ToolSet forTurn(ToolSelection selection) {
        return guarded(selection, new ToolCallBudget(limits.maxCallsPerTurn()));
    }

    /**
     * The selected tools for serving to other programs (the MCP server): timeout, result size and
     * error results apply, but there is no turn, so no call budget.
     */
    public ToolSet forServer(ToolSelection selection) {
        return guarded(selection, new ToolCallBudget(Integer.MAX_VALUE));
    }

    private ToolSet guarded(ToolSelection selection, ToolCallBudget budget) {
        Map<String, ToolCallback> all = tools();
        List<GuardedToolCallback> guarded = new ArrayList<>();
        for (String name : resolve(selection)) {
            guarded.add(new GuardedToolCallback(all.get(name), limits, budget));
        }
        return new ToolSet(guarded, budget);
    }

    public static final class Builder {
        private final List<Source> sources = new ArrayList<>();
        private ToolLimits limits = ToolLimits.defaults();

        public Builder limits(ToolLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Objects with {@code @Tool} methods (Spring beans or plain objects), on by default. */
        public Builder toolObjects(Object... objects) {
            return toolObjects(true, List.of(objects));
        }

        /** Objects with {@code @Tool} methods; off by default means a selection must enable them by name. */
        public Builder toolObjects(boolean onByDefault, List<?> objects) {
            if (objects.isEmpty()) {
                return this;
            }
            return provider(MethodToolCallbackProvider.builder().toolObjects(objects.toArray()).build(), onByDefault);
        }

        public Builder tools(boolean onByDefault, Collection<? extends ToolCallback> tools) {
            return provider(ToolCallbackProvider.from(List.copyOf(tools)), onByDefault);
        }

        /** A provider asked for its tools on every turn, so tools it adds later (MCP) appear. */
        public Builder provider(ToolCallbackProvider provider, boolean onByDefault) {
            sources.add(new Source(Objects.requireNonNull(provider, "provider"), onByDefault));
            return this;
        }

        public ToolRegistry build() {
            return new ToolRegistry(this);
        }
    }
}
