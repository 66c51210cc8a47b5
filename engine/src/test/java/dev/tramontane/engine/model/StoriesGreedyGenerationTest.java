package dev.tramontane.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.Fixtures;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** llama2.c's own test: greedy text from BOS, 200 tokens, byte for byte (fixtures/models/stories260K.expected.json). */
class StoriesGreedyGenerationTest {

    private static final int NEW_TOKENS = 200;

    @ParameterizedTest(name = "{0} writes llama2.c''s expected story greedily")
    @ValueSource(strings = {"stories260K.gguf", "stories260K-moe4x2.gguf"})
    void reproducesLlama2csGreedyStoryByteForByte(String file) throws IOException {
        String expected = JsonMapper.builder().build()
                .readTree(Fixtures.require("models/stories260K.expected.json").toFile()).get("text").asString();
        try (Model model = Model.load(Fixtures.require("models/" + file))) {
            KvCache cache = model.newKvCache(NEW_TOKENS + 1);
            int[] generated = new int[NEW_TOKENS];
            int token = model.tokenizer().bos();
            for (int pos = 0; pos < NEW_TOKENS; pos++) {
                token = LlamaCppAgreementTest.argmax(model.forward(token, pos, cache));
                generated[pos] = token;
            }
            assertThat(model.tokenizer().decode(generated)).isEqualTo(expected);
        }
    }
}
