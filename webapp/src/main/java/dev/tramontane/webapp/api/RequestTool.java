package dev.tramontane.webapp.api;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.DefaultToolDefinition;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * A function declared in an API request's {@code tools}: the model may call it, but running it is
 * the client's job (OpenAI semantics), so {@link #call} refuses.
 */
record RequestTool(String name, String description, String parametersJson) implements ToolCallback {

    @Override
    public ToolDefinition getToolDefinition() {
        return DefaultToolDefinition.builder().name(name).description(description == null ? "" : description)
                .inputSchema(parametersJson).build();
    }

    @Override
    public String call(String toolInput) {
        throw new UnsupportedOperationException("tool " + name + " was declared by an API client, which runs it itself;"
                + " the server returns the call as message.tool_calls");
    }
}
