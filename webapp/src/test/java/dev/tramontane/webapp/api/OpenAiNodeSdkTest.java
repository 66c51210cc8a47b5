package dev.tramontane.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The official {@code openai} npm package (pinned in {@code src/test/node/package.json}) against
 * this app: {@code node --test} runs the suite in {@code src/test/node} with the server's address,
 * a key and the model id in its environment. Skipped, loudly, only when {@code node} is missing.
 */
class OpenAiNodeSdkTest extends RunningApp {

    private static final Path SUITE = Path.of("src/test/node").toAbsolutePath();

    @Test
    void theOfficialOpenAiNodeSdkPassesItsSuiteAgainstThisServer() throws Exception {
        requireModel();
        boolean node = run(List.of("node", "--version"), 30) == 0;
        if (!node) {
            System.err.println("!!! node is not installed: the openai npm SDK suite in " + SUITE + " was NOT run.");
        }
        assumeTrue(node, "node is not installed; the openai npm SDK suite was not run");
        if (!Files.isDirectory(SUITE.resolve("node_modules/openai"))) {
            assertThat(run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300)).as("npm ci in " + SUITE).isZero();
        }
        String model = JsonMapper.builder().build().readTree(get("/v1/models").body()).at("/data/0/id").asString();
        ProcessBuilder pb = new ProcessBuilder("node", "--test", "--test-concurrency=1").directory(SUITE.toFile()).redirectErrorStream(true);
        pb.environment().put("TRAMONTANE_BASE_URL", base() + "/v1");
        pb.environment().put("TRAMONTANE_API_KEY", KEY);
        pb.environment().put("TRAMONTANE_MODEL", model);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = p.waitFor(5, TimeUnit.MINUTES);
        System.out.println(output);
        assertThat(finished).as("node --test finished within 5 minutes").isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("# fail 0").doesNotContain("# pass 0");
    }

    private static int run(List<String> command, int seconds) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).directory(SUITE.toFile()).inheritIO().start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        }
    }
}
