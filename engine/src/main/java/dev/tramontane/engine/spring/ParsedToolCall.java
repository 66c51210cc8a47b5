package dev.tramontane.engine.spring;

/**
 * A tool call read from model output.
 *
 * @param id            the call id (the model's, or a fresh 9-character one as Mistral v3 uses)
 * @param name          the function name
 * @param argumentsJson the arguments as a JSON object text
 */
public record ParsedToolCall(String id, String name, String argumentsJson) {}
