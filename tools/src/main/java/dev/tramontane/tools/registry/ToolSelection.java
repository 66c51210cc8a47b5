package dev.tramontane.tools.registry;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which tools a conversation or an API request uses, by name: the registry's defaults, or exactly
 * a given list, with some turned on or off on top.
 *
 * @param only    when not null, exactly these tools (the defaults do not apply)
 * @param enable  tools added to the defaults (may be off by default, e.g. an MCP server's)
 * @param disable tools removed
 */
public record ToolSelection(Set<String> only, Set<String> enable, Set<String> disable) {

    public ToolSelection {
        only = only == null ? null : Set.copyOf(only);
        enable = enable == null ? Set.of() : Set.copyOf(enable);
        disable = disable == null ? Set.of() : Set.copyOf(disable);
    }

    /** The tools that are on by default. */
    public static ToolSelection defaults() {
        return new ToolSelection(null, Set.of(), Set.of());
    }

    /** Exactly {@code names}; an empty list means no tools. */
    public static ToolSelection only(Collection<String> names) {
        return new ToolSelection(new LinkedHashSet<>(names), Set.of(), Set.of());
    }

    /** No tools at all. */
    public static ToolSelection none() {
        return only(Set.of());
    }

    public ToolSelection enabling(Collection<String> names) {
        Set<String> e = new LinkedHashSet<>(enable);
        e.addAll(names);
        Set<String> d = new LinkedHashSet<>(disable);
        d.removeAll(names);
        return new ToolSelection(only, e, d);
    }

    public ToolSelection disabling(Collection<String> names) {
        Set<String> d = new LinkedHashSet<>(disable);
        d.addAll(names);
        Set<String> e = new LinkedHashSet<>(enable);
        e.removeAll(names);
        return new ToolSelection(only, e, d);
    }
}
