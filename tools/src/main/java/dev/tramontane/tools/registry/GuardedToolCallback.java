package dev.tramontane.tools.registry;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.execution.ToolExecutionException;
import org.springframework.ai.tool.metadata.ToolMetadata;

/**
 * A tool under the {@link ToolLimits}: each call takes one from the turn's {@link ToolCallBudget},
 * runs on its own virtual thread and is interrupted at the timeout; a long result is cut with a
 * note. A call that throws, times out or is over budget returns {@code {"error": "…"}} instead of
 * throwing, so the model reads what went wrong and the turn goes on.
 */
public final class GuardedToolCallback implements ToolCallback {

    private final ToolCallback tool;
    private final ToolLimits limits;
    private final ToolCallBudget budget;

    public GuardedToolCallback(ToolCallback tool, ToolLimits limits, ToolCallBudget budget) {
        this.tool = tool;
        this.limits = limits;
        this.budget = budget;
    }

    /** The tool this one guards. */
    public ToolCallback delegate() {
        return tool;
    }

    @Override
    public ToolDefinition getToolDefinition() {
        return tool.getToolDefinition();
    }

    @Override
    public ToolMetadata getToolMetadata() {
        return tool.getToolMetadata();
    }

    @Override
    public String call(String toolInput) {
        return call(toolInput, null);
    }

    @Override
    public String call(String toolInput, ToolContext toolContext) {
        String name = tool.getToolDefinition().name();
        if (!budget.tryTake()) {
            return ToolErrors.json("tool " + name + " was not run: this turn already made " + budget.limit()
                    + " tool calls, the limit (tramontane.tools.max-calls-per-turn); answer with the results you have");
        }
        String input = toolInput == null || toolInput.isBlank() ? "{}" : toolInput;
        FutureTask<String> task = new FutureTask<>(() -> toolContext == null ? tool.call(input) : tool.call(input, toolContext));
        Thread.ofVirtual().name("tool-" + name).start(task);
        String result;
        try {
            result = task.get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            return ToolErrors.json("tool " + name + " did not answer within " + seconds() + " and was cancelled"
                    + " (tramontane.tools.timeout)");
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            return ToolErrors.json("tool " + name + " was cancelled because the turn was stopped");
        } catch (ExecutionException e) {
            return ToolErrors.json("tool " + name + " failed: " + reason(e.getCause()));
        }
        return truncate(result == null ? "" : result);
    }

    private String truncate(String result) {
        int max = limits.maxResultChars();
        if (result.length() <= max) {
            return result;
        }
        String note = "\n[truncated: the result had " + result.length() + " characters; the limit is " + max + "]";
        int keep = Math.max(0, max - note.length());
        if (keep > 0 && Character.isHighSurrogate(result.charAt(keep - 1))) {
            keep--;
        }
        return result.substring(0, keep) + note;
    }

    private String seconds() {
        long millis = limits.timeout().toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }

    /** The tool's own message; Spring AI wraps a method tool's exception in a ToolExecutionException. */
    private static String reason(Throwable t) {
        Throwable cause = t;
        while (cause instanceof ToolExecutionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
