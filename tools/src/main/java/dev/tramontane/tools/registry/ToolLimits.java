package dev.tramontane.tools.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits every tool call runs under. A model can loop, a tool can hang, a result can be a
 * megabyte: each case ends in a result the model can read, never in a stuck or flooded turn.
 *
 * @param maxCallsPerTurn calls one turn may make in total; later calls get an error result
 * @param timeout         how long one call may run before it is cancelled (interrupted)
 * @param maxResultChars  longer results are cut, with a note saying so
 */
public record ToolLimits(int maxCallsPerTurn, Duration timeout, int maxResultChars) {

    public ToolLimits {
        Objects.requireNonNull(timeout, "timeout");
        if (maxCallsPerTurn < 1) {
            throw new IllegalArgumentException("tramontane.tools.max-calls-per-turn must be at least 1, got " + maxCallsPerTurn);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("tramontane.tools.timeout must be positive, got " + timeout);
        }
        if (maxResultChars < 64) {
            throw new IllegalArgumentException("tramontane.tools.max-result-chars must be at least 64, got " + maxResultChars);
        }
    }

    /** 8 calls per turn, 10 s per call, 8,000 characters per result (about 2,000 tokens of context). */
    public static ToolLimits defaults() {
        return new ToolLimits(8, Duration.ofSeconds(10), 8_000);
    }

    public ToolLimits withMaxCallsPerTurn(int calls) {
        return new ToolLimits(calls, timeout, maxResultChars);
    }

    public ToolLimits withTimeout(Duration t) {
        return new ToolLimits(maxCallsPerTurn, t, maxResultChars);
    }

    public ToolLimits withMaxResultChars(int chars) {
        return new ToolLimits(maxCallsPerTurn, timeout, chars);
    }
}
