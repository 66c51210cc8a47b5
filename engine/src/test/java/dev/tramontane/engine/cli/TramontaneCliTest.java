package dev.tramontane.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tramontane.engine.Fixtures;
import dev.tramontane.engine.gguf.GgufFile;
import dev.tramontane.engine.gguf.GgufTensorInfo;
import dev.tramontane.engine.model.Model;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The CLI run in-process, as the launcher runs it, on the shared fixtures. */
class TramontaneCliTest {

    record Run(int exitCode, String out, String err) {}

    private static Run runWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TramontaneCli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run run(String... args) {
        return runWithInput("", args);
    }

    private static String model(String name) {
        return Fixtures.require("models/" + name).toString();
    }

    @Test
    void printsUsageForHelpAndExitsWithTwoOnAnUnknownCommandOrOption() {
        Run help = run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("inspect FILE", "generate --model FILE", "chat --model FILE", "logits --model FILE");

        Run unknown = run("frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command \"frobnicate\"", "Usage: tramontane");

        Run badOption = run("generate", "--model", "x.gguf", "--prompt", "hi", "--temprature", "1");
        assertThat(badOption.exitCode()).isEqualTo(2);
        assertThat(badOption.err()).contains("unknown option --temprature");

        assertThat(run().exitCode()).isEqualTo(2);
        assertThat(run("generate", "--help").out()).contains("--top-p", "--seed");
        assertThat(run("--version").out()).startsWith("tramontane ");
    }

    @Test
    void reportsAMissingFileWithExitCodeOne() {
        Run missing = run("inspect", "/nonexistent/model.gguf");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("/nonexistent/model.gguf");
        assertThat(run("generate", "--model", "/nonexistent/model.gguf", "--prompt", "x").exitCode()).isEqualTo(1);
    }

    @Test
    void inspectShowsMetadataTensorsParameterCountsAndMemory() throws IOException {
        String file = model("stories260K.gguf");
        long parameters;
        try (GgufFile gguf = GgufFile.open(Path.of(file))) {
            parameters = gguf.tensors().stream().mapToLong(GgufTensorInfo::elementCount).sum();
        }
        Run inspect = run("inspect", file);
        assertThat(inspect.exitCode()).isZero();
        assertThat(inspect.out()).contains("GGUF v3", "llama.block_count", "tokenizer.ggml.tokens", "[512 × STRING]",
                "blk.4.ffn_down.weight", "F32", "[172, 64]", "parameters  292.8 K (" + parameters + ")", "(dense)",
                // 2 (K and V) × 5 layers × 32 KV values × 4 bytes = 1280 bytes per token in F32, half in F16;
                "KV cache F32  1.25 KiB per token (1280 bytes)", "KV cache F16  640 B per token (640 bytes)",
                "1.25 MiB for the full 2048 (default)", "KV cache Q8_0", "head width 8 is not a multiple of 32",
                "tokenizer   SentencePiece, 512 tokens, BOS 1, EOS 2, unknown 0", "chat        chat template mistral-v1");
    }

    @Test
    void inspectDescribesAVocabularyOnlyFileWithoutFailing() {
        Run inspect = run("inspect", Fixtures.require("tokenizer/ggml-vocab-mistral-v1.gguf").toString());
        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        assertThat(inspect.out()).contains("tokenizer   SentencePiece, 32000 tokens", "not runnable by Tramontane");
    }

    @Test
    void inspectCountsOnlyTheRoutedExpertsAsActiveParameters() throws IOException {
        // tiny-mixtral: 2 layers × 8 experts × 3 matrices × 128 × 256, of which 2 experts per token are active
        String file = model("tiny-mixtral-split-f16.gguf");
        long parameters;
        try (GgufFile gguf = GgufFile.open(Path.of(file))) {
            parameters = gguf.tensors().stream().mapToLong(GgufTensorInfo::elementCount).sum();
        }
        long experts = 2L * 8 * 3 * 128 * 256;
        long active = parameters - experts + experts / 8 * 2;
        Run inspect = run("inspect", file);
        assertThat(inspect.out()).contains("(" + parameters + ")", "active ").contains("(" + active + ") per token, 2 of 8 experts");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stories260K", "stories260K-moe4x2"})
    void logitsMatchLlamaCppOnTheEnglishReference(String name) throws IOException {
        JsonNode reference = new ObjectMapper().readTree(Files.readString(Fixtures.require("models/" + name + ".en.json")));
        String tokens = StreamSupport.stream(reference.get("prompt_tokens").spliterator(), false)
                .map(JsonNode::asString).collect(Collectors.joining(","));
        // the reference was computed with an F32 KV cache (fixtures/README.md)
        Run logits = run("logits", "--model", model(name + ".gguf"), "--tokens", tokens, "--top", "8", "--gen", "32",
                "--kv-type", "F32");
        assertThat(logits.exitCode()).as(logits.err()).isZero();
        JsonNode actual = new ObjectMapper().readTree(logits.out());

        assertThat(actual.get("prompt_tokens")).isEqualTo(reference.get("prompt_tokens"));
        assertThat(actual.get("greedy")).isEqualTo(reference.get("greedy"));
        assertThat(actual.get("greedy_text_hex").asString()).isEqualTo(reference.get("greedy_text_hex").asString());
        for (String section : new String[] {"positions", "generated_positions"}) {
            assertThat(actual.get(section)).hasSameSizeAs(reference.get(section));
            for (int i = 0; i < reference.get(section).size(); i++) {
                JsonNode expectedTop = reference.get(section).get(i).get("top");
                JsonNode actualTop = actual.get(section).get(i).get("top");
                assertThat(actualTop.get(0).get(0).asInt()).as(section + " " + i + " top-1").isEqualTo(expectedTop.get(0).get(0).asInt());
                for (int k = 0; k < expectedTop.size(); k++) {
                    // F32 weights: every reference logit within 0.01 (fixtures/README.md)
                    assertThat(actualTop.get(k).get(0).asInt()).isEqualTo(expectedTop.get(k).get(0).asInt());
                    assertThat(actualTop.get(k).get(1).asDouble()).isCloseTo(expectedTop.get(k).get(1).asDouble(), within(0.01));
                }
                assertThat(actual.get(section).get(i).get("logsumexp").asDouble())
                        .isCloseTo(reference.get(section).get(i).get("logsumexp").asDouble(), within(0.01));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stories260K.en.json", "stories260K.fr-de.json"})
    void aPromptGivenAsTextIsTokenizedAsLlamaCppTokenizedIt(String referenceName) throws IOException {
        JsonNode reference = new ObjectMapper().readTree(Files.readString(Fixtures.require("models/" + referenceName)));
        String modelFile = model(referenceName.substring(0, referenceName.indexOf('.')) + ".gguf");
        int[] expected = StreamSupport.stream(reference.get("prompt_tokens").spliterator(), false).mapToInt(JsonNode::asInt).toArray();
        String text;
        try (Model m = Model.load(Path.of(modelFile))) {
            text = m.tokenizer().decode(expected);
        }
        // decode keeps the space after BOS (llama.cpp's decoding); the prompt text itself starts after it
        Run logits = run("logits", "--model", modelFile, "--prompt", text.substring(1), "--top", "1");
        assertThat(logits.exitCode()).as(logits.err()).isZero();
        int[] actual = StreamSupport.stream(new ObjectMapper().readTree(logits.out()).get("prompt_tokens").spliterator(), false)
                .mapToInt(JsonNode::asInt).toArray();
        assertThat(actual).as(text).containsExactly(expected);
    }

    @Test
    void generateWithTheSameSeedPrintsTheSameTextTwice() {
        String file = model("stories260K.gguf");
        String[] args = {"generate", "--model", file, "--prompt", "Once upon a time", "--seed", "1234", "-n", "40", "--temperature", "0.9"};
        Run first = run(args);
        Run second = run(args);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("Once upon a time").hasSizeGreaterThan("Once upon a time".length() + 20);
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(first.err()).contains("40 generated", "stopped: MAX_TOKENS");
        args[6] = "4321";
        assertThat(run(args).out()).isNotEqualTo(first.out());
    }

    @Test
    void generateGreedyFromBosAloneReproducesLlama2cAndHonoursAStopString() throws IOException {
        String expected = new ObjectMapper().readTree(Files.readString(Fixtures.require("models/stories260K.expected.json"))).get("text").asString();
        Run greedy = run("generate", "--model", model("stories260K.gguf"), "--prompt", "", "--temperature", "0", "-n", "200", "--no-display-prompt");
        assertThat(greedy.out()).isEqualTo(" " + expected + System.lineSeparator());

        Run stopped = run("generate", "--model", model("stories260K.gguf"), "--prompt", "", "--temperature", "0", "-n", "200",
                "--no-display-prompt", "--stop", "red ball");
        assertThat(stopped.out()).isEqualTo(" " + expected.substring(0, expected.indexOf("red ball")) + System.lineSeparator());
        assertThat(stopped.err()).contains("stopped: STOP_STRING");
    }

    @Test
    void chatAnswersEachLineWithTheTemplateChosenForTheVocabulary() {
        Run chat = runWithInput("Hello!\n/reset\nHow are you?\n", "chat", "--model", model("stories260K.gguf"), "--temperature", "0", "-n", "8");
        assertThat(chat.exitCode()).as(chat.err()).isZero();
        assertThat(chat.err()).contains("chat template mistral-v1").containsPattern("(?s)stopped: .*stopped: ");
        assertThat(chat.out().lines().filter(line -> !line.isBlank()).count()).isEqualTo(2);
    }

    @Test
    void logitsRejectsTokenIdsOutsideTheVocabulary() {
        Run bad = run("logits", "--model", model("stories260K.gguf"), "--tokens", "1,99999");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("token id 99999 is outside the vocabulary of 512");
        assertThat(Arrays.asList(run("logits", "--model", "m.gguf").err().split("\n"))).anyMatch(l -> l.contains("either --prompt"));
    }
}
