package dev.tramontane.webapp.mcp;

import dev.tramontane.tools.registry.ToolRegistry;
import dev.tramontane.tools.registry.ToolSelection;
import java.util.List;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;

/**
 * The tools this application serves over MCP: its own tools that are on by default (the built-ins
 * and any {@code @Tool} bean), minus {@code tramontane.tools.disabled}; never the tools of the MCP
 * servers it is a client of. Each runs under the registry's timeout and result-size limits and
 * answers errors as results. Spring AI's MCP server picks this provider up as a bean.
 */
public final class ServedTools implements ToolCallbackProvider {

    private final ToolRegistry registry;
    private final List<String> disabled;

    public ServedTools(ToolRegistry registry, List<String> disabled) {
        this.registry = registry;
        this.disabled = List.copyOf(disabled);
    }

    @Override
    public ToolCallback[] getToolCallbacks() {
        List<String> known = disabled.stream().filter(registry.tools()::containsKey).toList();
        return registry.forServer(ToolSelection.defaults().disabling(known)).callbacks().toArray(ToolCallback[]::new);
    }
}
