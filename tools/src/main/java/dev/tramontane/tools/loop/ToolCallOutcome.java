package dev.tramontane.tools.loop;

import dev.tramontane.tools.registry.ToolErrors;
import java.time.Duration;

/**
 * One call the model made and what it got back.
 *
 * @param failed   whether the result is an error ({@code {"error": …}}): unknown tool, exception, timeout, over the limit
 * @param duration how long the call took
 */
public record ToolCallOutcome(String id, String name, String arguments, String result, boolean failed, Duration duration) {

    static ToolCallOutcome of(String id, String name, String arguments, String result, Duration duration) {
        return new ToolCallOutcome(id, name, arguments, result, ToolErrors.isError(result), duration);
    }
}
