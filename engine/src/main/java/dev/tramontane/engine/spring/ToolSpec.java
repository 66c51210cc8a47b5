package dev.tramontane.engine.spring;

import java.util.Objects;

/**
 * A tool as the model is told about it.
 *
 * @param name           the function name the model must use in a call
 * @param description    what it does, for the model
 * @param parametersJson JSON Schema of its arguments (an object schema)
 */
public record ToolSpec(String name, String description, String parametersJson) {

    public ToolSpec {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        parametersJson = parametersJson == null || parametersJson.isBlank() ? "{\"type\": \"object\", \"properties\": {}}" : parametersJson;
    }
}
