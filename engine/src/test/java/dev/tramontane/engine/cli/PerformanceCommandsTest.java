package dev.tramontane.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.gguf.GgufFile;
import dev.tramontane.engine.gguf.GgufTensorInfo;
import dev.tramontane.engine.model.KernelWarmUp;
import dev.tramontane.engine.model.KvCache;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.quant.GgmlType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code synth}, {@code quantize} and {@code bench} run in-process on small models they write themselves. */
class PerformanceCommandsTest {

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TramontaneCli.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path synth(String name, String type, String... extra) {
        Path out = dir.resolve(name);
        String[] base = {"synth", "--out", out.toString(), "--dim", "256", "--layers", "2", "--heads", "4", "--kv-heads", "2",
                "--ff", "256", "--experts", "8", "--top-k", "2", "--vocab", "300", "--context", "64", "--type", type, "--seed", "7"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        Run r = run(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return out;
    }

    private static Map<String, GgmlType> types(Path file) throws IOException {
        Map<String, GgmlType> types = new TreeMap<>();
        try (GgufFile f = GgufFile.open(file)) {
            for (GgufTensorInfo t : f.tensors()) {
                types.put(t.name(), t.type());
            }
        }
        return types;
    }

    private static float[] lastLogits(Path file, int[] tokens) throws IOException {
        try (Model model = Model.load(file)) {
            KvCache cache = model.newKvCache(tokens.length);
            return model.forward(tokens, 0, cache);
        }
    }

    @Test
    void synthWritesAnEightExpertQ4KMModelWithLlamaCppsPerTensorTypesThatRuns() throws IOException {
        Path file = synth("m.gguf", "Q4_K_M");
        Map<String, GgmlType> types = types(file);
        assertThat(types).containsEntry("token_embd.weight", GgmlType.Q4_K)
                .containsEntry("blk.0.attn_q.weight", GgmlType.Q4_K)
                .containsEntry("blk.0.attn_k.weight", GgmlType.Q8_0)       // 8 experts: K and V in Q8_0
                .containsEntry("blk.0.attn_v.weight", GgmlType.Q8_0)
                .containsEntry("blk.0.attn_output.weight", GgmlType.Q5_K)  // 8 experts under Q4_K_M
                .containsEntry("blk.0.ffn_down_exps.weight", GgmlType.Q4_K) // use_more_bits(0, 2) is false
                .containsEntry("blk.1.ffn_down_exps.weight", GgmlType.Q6_K) // use_more_bits(1, 2) is true
                .containsEntry("blk.0.ffn_gate_inp.weight", GgmlType.F32)
                .containsEntry("blk.0.attn_norm.weight", GgmlType.F32)
                .containsEntry("output.weight", GgmlType.Q6_K);
        try (GgufFile f = GgufFile.open(file)) {
            assertThat(f.metadata().getInt("general.file_type")).isEqualTo(15);
            assertThat(f.metadata().getInt("llama.expert_count")).isEqualTo(8);
        }
        float[] logits = lastLogits(file, new int[] {1, 5, 9});
        assertThat(logits).hasSize(300);
        for (float v : logits) {
            assertThat(Float.isFinite(v)).isTrue();
        }
    }

    @Test
    void synthIsDeterministicForASeedAndCopiesAVocabularyFromAnotherFile() throws IOException {
        Path a = synth("a.gguf", "Q4_0");
        Path b = synth("b.gguf", "Q4_0");
        assertThat(java.nio.file.Files.mismatch(a, b)).isEqualTo(-1);
        Path withVocab = dir.resolve("v.gguf");
        Run r = run("synth", "--out", withVocab.toString(), "--dim", "64", "--layers", "1", "--heads", "2", "--kv-heads", "1",
                "--ff", "64", "--experts", "0", "--vocab-from", a.toString(), "--type", "F16");
        assertThat(r.exitCode()).as(r.err()).isZero();
        try (GgufFile source = GgufFile.open(a); GgufFile copy = GgufFile.open(withVocab)) {
            assertThat(copy.metadata().getStringArray("tokenizer.ggml.tokens"))
                    .containsExactly(source.metadata().getStringArray("tokenizer.ggml.tokens"));
            assertThat(copy.tensor("token_embd.weight").orElseThrow().dims()).containsExactly(64, 300);
            assertThat(copy.tensor("blk.0.ffn_down.weight").orElseThrow().type()).isEqualTo(GgmlType.F16);
        }
    }

    @Test
    void synthsGeneratedVocabularyHasByteTokensSoAnyTextRoundTripsAsLlamaCppsLoaderExpects() throws IOException {
        Path file = synth("bytes.gguf", "Q8_0");
        try (GgufFile f = GgufFile.open(file)) {
            String[] tokens = f.metadata().getStringArray("tokenizer.ggml.tokens");
            assertThat(tokens).hasSize(300).contains("<0x00>", "<0x0A>", "<0xFF>");
        }
        try (Model model = Model.load(file)) {
            String text = "Grüße, €5 — 日本\n";
            int[] ids = model.tokenizer().encode(text, false, false);
            assertThat(ids).doesNotContain(0); // no <unk>: every byte has a token
            assertThat(model.tokenizer().decode(ids)).isEqualTo(text);
        }
    }

    @Test
    void quantizeTurnsAnF16ModelIntoQ8_0WhoseLogitsStayCloseToTheOriginal() throws IOException {
        Path f16 = synth("f16.gguf", "F16");
        Path q8 = dir.resolve("q8.gguf");
        Run r = run("quantize", f16.toString(), q8.toString(), "Q8_0");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, GgmlType> types = types(q8);
        assertThat(types).containsEntry("blk.0.attn_q.weight", GgmlType.Q8_0)
                .containsEntry("blk.1.ffn_up_exps.weight", GgmlType.Q8_0)
                .containsEntry("output.weight", GgmlType.Q8_0)  // a Q8_0 base keeps the classifier in Q8_0
                .containsEntry("blk.0.ffn_gate_inp.weight", GgmlType.F32)
                .containsEntry("output_norm.weight", GgmlType.F32);

        int[] tokens = {1, 17, 42, 99, 250};
        float[] reference = lastLogits(f16, tokens);
        float[] quantized = lastLogits(q8, tokens);
        double dot = 0, nr = 0, nq = 0;
        for (int i = 0; i < reference.length; i++) {
            dot += (double) reference[i] * quantized[i];
            nr += (double) reference[i] * reference[i];
            nq += (double) quantized[i] * quantized[i];
        }
        // Q8_0 keeps ~8 bits per weight: the logit vector barely turns.
        assertThat(dot / Math.sqrt(nr * nq)).isGreaterThan(0.999);
    }

    @Test
    void quantizeRefusesAnAlreadyQuantizedModelAndAnUnknownType() throws IOException {
        Path q4 = synth("q4.gguf", "Q4_0");
        Run again = run("quantize", q4.toString(), dir.resolve("x.gguf").toString(), "Q8_0");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("is already Q4_0", "F32, F16 or BF16");

        Run unknown = run("quantize", q4.toString(), dir.resolve("y.gguf").toString(), "Q3_XYZ");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown quantization type \"Q3_XYZ\"", "Q4_K_M");
    }

    @Test
    void benchPrintsOneJsonObjectWithMedianPromptAndGenerationSpeeds() throws IOException {
        Path file = synth("b.gguf", "Q8_0");
        Run r = run("bench", "--model", file.toString(), "--threads", "2", "--pp", "8", "--tg", "4", "--reps", "3", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        for (String test : new String[] {"pp", "tg"}) {
            JsonNode t = json.get(test);
            assertThat(t.get("reps").asInt()).isEqualTo(3);
            assertThat(t.get("samples")).hasSize(3);
            double median = t.get("tokens_per_s").asDouble();
            assertThat(median).isPositive().isBetween(t.get("min").asDouble(), t.get("max").asDouble());
        }
        assertThat(json.get("pp").get("tokens").asInt()).isEqualTo(8);
        assertThat(json.get("tg").get("tokens").asInt()).isEqualTo(4);
        assertThat(json.get("threads").asInt()).isPositive(); // the process pool may predate --threads
        assertThat(json.get("peak_rss_bytes").asLong()).isPositive();
        assertThat(json.get("peak_heap_bytes").asLong()).isPositive();
        // the default: in the background under the launcher's JIT flags, off without them (as in this test JVM, usually)
        assertThat(json.get("warm_up").asText()).isEqualTo(KernelWarmUp.jitFlagsPresent() ? "background" : "off");
        assertThat(json.get("first_token_since_jvm_start_ms").asLong()).isGreaterThanOrEqualTo((long) json.get("first_token_ms").asDouble());
    }

    @Test
    void benchWaitsForTheWarmUpRunsItInTheBackgroundOrSkipsItOnRequestAndRefusesAnUnknownMode() throws IOException {
        Path file = synth("w.gguf", "Q4_0");
        JsonNode waited = oneTokenBenchWithWarmUp(file, "wait");
        assertThat(waited.get("warm_up").asText()).isEqualTo("wait");
        assertThat(waited.get("warm_up_ms").asDouble()).isPositive();

        assertThat(oneTokenBenchWithWarmUp(file, "background").get("warm_up").asText()).isEqualTo("background");

        JsonNode skipped = oneTokenBenchWithWarmUp(file, "off");
        assertThat(skipped.get("warm_up").asText()).isEqualTo("off");
        assertThat(skipped.get("warm_up_ms").asDouble()).isZero();

        Run unknown = run("bench", "--model", file.toString(), "--warm-up", "later");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("--warm-up must be background, wait or off");
    }

    @Test
    void benchRepacksQ4_0WeightsOnRequestReportsWhatItCopiedAndRefusesAnUnknownValue() throws IOException {
        Path file = synth("r.gguf", "Q4_0");
        Run on = run("bench", "--model", file.toString(), "--pp", "4", "--tg", "2", "--reps", "1", "--repack", "on", "--json");
        assertThat(on.exitCode()).as(on.err()).isZero();
        JsonNode repacked = new ObjectMapper().readTree(on.out());
        assertThat(repacked.get("repack").asBoolean()).isTrue();
        assertThat(repacked.get("repacked_bytes").asLong()).isPositive();
        assertThat(repacked.get("repack_ms").asDouble()).isPositive();
        assertThat(repacked.get("tg").get("tokens_per_s").asDouble()).isPositive();

        JsonNode plain = oneTokenBenchWithWarmUp(file, "off");
        assertThat(plain.get("repack").asBoolean()).as("off by default").isFalse();
        assertThat(plain.get("repacked_bytes").asLong()).isZero();

        Run unknown = run("bench", "--model", file.toString(), "--repack", "yes");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("--repack must be on or off, not yes");
    }

    /** {@code bench --json} of a one-token generation on {@code file} with {@code --warm-up mode}, which must succeed. */
    private JsonNode oneTokenBenchWithWarmUp(Path file, String mode) throws IOException {
        Run r = run("bench", "--model", file.toString(), "--pp", "0", "--tg", "2", "--reps", "1", "--warm-up", mode, "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out());
    }
}
