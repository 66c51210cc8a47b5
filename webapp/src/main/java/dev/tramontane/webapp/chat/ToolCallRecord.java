package dev.tramontane.webapp.chat;

/**
 * A tool the model called during a turn, with its arguments and result, shown collapsed under the
 * answer. While the call runs, {@code result} is null ({@link #running()}); stored calls have ended.
 */
public record ToolCallRecord(String id, String name, String arguments, String result, boolean failed) {

    /** A call that has started and not ended yet. */
    public static ToolCallRecord running(String id, String name, String arguments) {
        return new ToolCallRecord(id, name, arguments, null, false);
    }

    public boolean running() {
        return result == null;
    }
}
