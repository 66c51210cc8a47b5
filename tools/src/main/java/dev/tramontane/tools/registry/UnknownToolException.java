package dev.tramontane.tools.registry;

import java.util.Collection;
import java.util.List;

/** A conversation or a request named a tool the registry does not have. */
public final class UnknownToolException extends IllegalArgumentException {

    private final List<String> unknown;

    public UnknownToolException(Collection<String> unknown, Collection<String> known) {
        super("unknown tool" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
                + "; the tools are " + String.join(", ", known));
        this.unknown = List.copyOf(unknown);
    }

    public List<String> unknown() {
        return unknown;
    }
}
