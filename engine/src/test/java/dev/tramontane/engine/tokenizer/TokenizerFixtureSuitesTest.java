package dev.tramontane.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.Fixtures;
import dev.tramontane.engine.gguf.GgufFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * llama.cpp's tokenizer test vectors ({@code fixtures/tokenizer}): every case must give exactly the
 * ids llama.cpp gives (no BOS, special tokens not parsed), and decode back to its text.
 */
class TokenizerFixtureSuitesTest {

    private static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    record Case(String text, int[] expected) {}

    static List<Case> readCases(Path vocab) throws IOException {
        String inputs = Files.readString(Path.of(vocab + ".inp"), StandardCharsets.UTF_8);
        List<String> texts = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = inputs.indexOf(SEPARATOR, from)) >= 0) {
            texts.add(inputs.substring(from, at));
            from = at + SEPARATOR.length();
        }
        if (from < inputs.length()) {
            texts.add(inputs.substring(from)); // the last case may lack its closing separator
        }
        List<String> lines = Files.readAllLines(Path.of(vocab + ".out"), StandardCharsets.UTF_8);
        assertThat(lines).as("one .out line per .inp case").hasSize(texts.size());
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String line = lines.get(i).strip();
            int[] ids = line.isEmpty() ? new int[0] : Arrays.stream(line.split("\\s+")).mapToInt(Integer::parseInt).toArray();
            cases.add(new Case(texts.get(i), ids));
        }
        return cases;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tokenizer/ggml-vocab-mistral-v1.gguf", "tokenizer/ggml-vocab-llama-spm.gguf"})
    void encodesEveryCaseExactlyAsLlamaCppAndDecodesItBack(String fixture) throws IOException {
        Path vocab = Fixtures.require(fixture);
        Tokenizer tokenizer;
        try (GgufFile file = GgufFile.open(vocab)) {
            tokenizer = Tokenizer.fromGguf(file.metadata());
        }
        List<Case> cases = readCases(vocab);
        assertThat(cases).hasSizeGreaterThan(40);
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            int[] actual = tokenizer.encode(c.text(), false, false);
            if (!Arrays.equals(actual, c.expected())) {
                failures.add("text " + quoted(c.text()) + "\n  expected " + Arrays.toString(c.expected())
                        + "\n  actual   " + Arrays.toString(actual));
            }
            String decoded = tokenizer.decode(actual);
            if (!decoded.equals(c.text())) {
                failures.add("round trip of " + quoted(c.text()) + " gave " + quoted(decoded));
            }
        }
        assertThat(failures).as(fixture + ": " + failures.size() + " of " + cases.size() + " cases failed").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mistral-vocab-mixtral-f16", "stories260K", "tiny-mixtral-q4_k_m"})
    void encodesTheModelReferencePromptsAsLlamaCppDid(String model) throws IOException {
        Tokenizer tokenizer;
        try (GgufFile file = GgufFile.open(Fixtures.require("models/" + model + ".gguf"))) {
            tokenizer = Tokenizer.fromGguf(file.metadata());
        }
        for (String prompt : List.of("en", "fr-de")) {
            JsonNode reference = new ObjectMapper().readTree(Files.readString(Fixtures.require("models/" + model + "." + prompt + ".json")));
            int[] expected = StreamSupport.stream(reference.get("prompt_tokens").spliterator(), false).mapToInt(JsonNode::asInt).toArray();
            // The reference starts with BOS, so decoding keeps the dummy-prefix space: drop it to get the prompt text.
            String text = tokenizer.decode(expected).substring(1);
            assertThat(tokenizer.encode(text, true, true)).as(model + " " + prompt + ": " + text).containsExactly(expected);
        }
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }
}
