package dev.tramontane.tools.registry;

import java.util.List;
import java.util.Optional;
import org.springframework.ai.tool.ToolCallback;

/**
 * The tools of one turn, each guarded by the registry's limits and sharing one call budget. Hand
 * {@link #callbacks()} to the chat options (the model sees their definitions) and run the calls it
 * makes with {@link #call}.
 */
public final class ToolSet {

    private final List<GuardedToolCallback> callbacks;
    private final ToolCallBudget budget;

    ToolSet(List<GuardedToolCallback> callbacks, ToolCallBudget budget) {
        this.callbacks = List.copyOf(callbacks);
        this.budget = budget;
    }

    public List<ToolCallback> callbacks() {
        return List.copyOf(callbacks);
    }

    public List<String> names() {
        return callbacks.stream().map(c -> c.getToolDefinition().name()).toList();
    }

    public boolean isEmpty() {
        return callbacks.isEmpty();
    }

    public Optional<ToolCallback> find(String name) {
        return callbacks.stream().filter(c -> c.getToolDefinition().name().equals(name)).map(ToolCallback.class::cast).findFirst();
    }

    /**
     * Runs a call the model made. Never throws: an unknown tool, a failure, a timeout or an
     * exhausted budget is an {@code {"error": "…"}} result.
     */
    public String call(String name, String argumentsJson) {
        return find(name).map(tool -> tool.call(argumentsJson))
                .orElseGet(() -> ToolErrors.json("there is no tool named " + name + " in this conversation; the tools are " + names()));
    }

    /** Calls made so far in this turn (refused calls over the limit are not counted). */
    public int callsMade() {
        return budget.made();
    }
}
