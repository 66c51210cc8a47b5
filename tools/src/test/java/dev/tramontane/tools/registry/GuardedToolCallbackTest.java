package dev.tramontane.tools.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.ai.tool.annotation.Tool;
import tools.jackson.databind.json.JsonMapper;

class GuardedToolCallbackTest {

    static class Tools {
        final CountDownLatch interrupted = new CountDownLatch(1);

        @Tool(name = "explode", description = "always fails")
        public String explode() {
            throw new IllegalStateException("the reactor is on fire");
        }

        @Tool(name = "sleepy", description = "never answers in time")
        public String sleepy() {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "woke up";
        }

        @Tool(name = "verbose", description = "answers at length")
        public String verbose(int chars) {
            return "x".repeat(chars);
        }

        @Tool(name = "echo", description = "echoes")
        public String echo(String text) {
            return text;
        }
    }

    private final Tools tools = new Tools();
    // Generous for the cold first call of a busy test JVM; the timeout test uses its own short limit.
    private final ToolLimits limits = new ToolLimits(3, Duration.ofSeconds(5), 200);
    private final ToolSet set = ToolRegistry.builder().limits(limits).toolObjects(tools).build().forTurn(ToolSelection.defaults());

    private static String errorOf(String result) {
        assertThat(ToolErrors.isError(result)).as("an error result: %s", result).isTrue();
        return JsonMapper.builder().build().readTree(result).get("error").asString();
    }

    @Test
    void aToolThatThrowsReturnsItsMessageAsAnErrorResult() {
        assertThat(errorOf(set.call("explode", "{}"))).isEqualTo("tool explode failed: the reactor is on fire");
    }

    @Test
    void aSlowToolIsInterruptedAtTheTimeoutAndReturnsAnErrorResult() throws Exception {
        ToolSet impatient = ToolRegistry.builder().limits(limits.withTimeout(Duration.ofMillis(300))).toolObjects(tools).build()
                .forTurn(ToolSelection.defaults());
        long start = System.nanoTime();
        String error = errorOf(impatient.call("sleepy", "{}"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(error).contains("sleepy").contains("300 ms").contains("cancelled");
        assertThat(millis).isBetween(250L, 5_000L);
        assertThat(tools.interrupted.await(5, TimeUnit.SECONDS)).as("the tool's thread was interrupted").isTrue();
    }

    @Test
    void aLongResultIsCutToTheLimitWithANoteSayingSo() {
        String result = set.call("verbose", "{\"chars\": 5000}");
        assertThat(result).hasSizeLessThanOrEqualTo(200).endsWith("[truncated: the result had 5002 characters; the limit is 200]");
        assertThat(set.call("echo", "{\"text\": \"short\"}")).isEqualTo("\"short\""); // Spring AI writes a String result as JSON
    }

    @Test
    void callsBeyondThePerTurnLimitAreRefusedWithAnErrorAndAFreshTurnStartsAgain() {
        List<String> results = List.of(set.call("echo", "{\"text\": \"one\"}"), set.call("echo", "{\"text\": \"two\"}"),
                set.call("echo", "{\"text\": \"three\"}"), set.call("echo", "{\"text\": \"four\"}"));
        assertThat(results.subList(0, 3)).containsExactly("\"one\"", "\"two\"", "\"three\"");
        assertThat(errorOf(results.get(3))).contains("already made 3 tool calls").contains("tramontane.tools.max-calls-per-turn");
        assertThat(set.callsMade()).isEqualTo(3);
        ToolSet nextTurn = ToolRegistry.builder().limits(limits).toolObjects(tools).build().forTurn(ToolSelection.defaults());
        assertThat(nextTurn.call("echo", "{\"text\": \"again\"}")).isEqualTo("\"again\"");
    }
}
