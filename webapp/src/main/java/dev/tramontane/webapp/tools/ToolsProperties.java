package dev.tramontane.webapp.tools;

import dev.tramontane.tools.registry.ToolLimits;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tool settings under {@code tramontane.tools.*}.
 *
 * @param enabled         tools that are off by default (MCP servers' tools) but should be on everywhere
 * @param disabled        tools that are on by default (the application's own {@code @Tool} beans) but should be off
 * @param maxCallsPerTurn tool calls one turn may make; later calls get an error result
 * @param timeout         how long one call may run before it is cancelled
 * @param maxResultChars  longer results are cut with a note
 * @param maxRounds       rounds of model → tools → model before the model must answer without tools
 */
@ConfigurationProperties("tramontane.tools")
public record ToolsProperties(
        @DefaultValue List<String> enabled,
        @DefaultValue List<String> disabled,
        @DefaultValue("8") int maxCallsPerTurn,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("8000") int maxResultChars,
        @DefaultValue("3") int maxRounds) {

    public ToolsProperties {
        enabled = enabled == null ? List.of() : List.copyOf(enabled);
        disabled = disabled == null ? List.of() : List.copyOf(disabled);
        if (maxRounds < 0) {
            throw new IllegalArgumentException("tramontane.tools.max-rounds must be 0 or more, got " + maxRounds);
        }
    }

    public ToolLimits limits() {
        return new ToolLimits(maxCallsPerTurn, timeout, maxResultChars);
    }
}
