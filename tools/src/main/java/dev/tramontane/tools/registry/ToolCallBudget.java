package dev.tramontane.tools.registry;

import java.util.concurrent.atomic.AtomicInteger;

/** Calls left in one turn, shared by all the tools offered in it (parallel calls included). */
public final class ToolCallBudget {

    private final int limit;
    private final AtomicInteger made = new AtomicInteger();

    public ToolCallBudget(int limit) {
        this.limit = limit;
    }

    /** Takes one call from the budget; false when the turn has used them all. */
    boolean tryTake() {
        return made.getAndUpdate(n -> n < limit ? n + 1 : n) < limit;
    }

    public int made() {
        return made.get();
    }

    public int limit() {
        return limit;
    }
}
