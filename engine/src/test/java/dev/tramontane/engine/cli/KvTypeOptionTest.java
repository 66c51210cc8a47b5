package dev.tramontane.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.model.ExpertLayout;
import dev.tramontane.engine.model.SyntheticModel;
import dev.tramontane.engine.quant.GgmlType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code --kv-type}: bench reports the type and its bytes per token; a wrong name is a usage error naming the choices. */
class KvTypeOptionTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TramontaneCli.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path model() throws IOException {
        Path file = dir.resolve("m.gguf");
        // 2 layers, 2 KV heads of 64: 128 values per layer and position
        SyntheticModel.write(file, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, GgmlType.Q8_0, 3));
        return file;
    }

    @Test
    void benchNamesTheKvTypeAndItsBytesPerTokenInTextAndJson() throws IOException {
        Path file = model();
        Run json = run("bench", "--model", file.toString(), "--pp", "4", "--tg", "2", "--reps", "1", "--kv-type", "q8_0", "--json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(json.out());
        assertThat(o.get("kv_type").asString()).isEqualTo("Q8_0");
        assertThat(o.get("kv_bytes_per_token").asLong()).as("K and V × 2 layers × 4 blocks × 34 bytes").isEqualTo(2L * 2 * 4 * 34);

        Run text = run("bench", "--model", file.toString(), "--pp", "0", "--tg", "2", "--reps", "1");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("KV cache F16 (1024 bytes per token)");
    }

    @Test
    void anUnknownKvTypeIsAUsageErrorThatListsTheChoices() throws IOException {
        Run r = run("generate", "--model", model().toString(), "--prompt", "x", "--kv-type", "q4_0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--kv-type").contains("F16, Q8_0, F32");
    }
}
