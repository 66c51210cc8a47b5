package dev.tramontane.webapp.chat;

/** A tool the model called during a turn, with its arguments and result, shown collapsed under the answer. */
public record ToolCallRecord(String id, String name, String arguments, String result, boolean failed) {}
