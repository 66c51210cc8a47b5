package dev.tramontane.engine.constrain;

import dev.tramontane.engine.Fixtures;
import dev.tramontane.engine.gguf.GgufFile;
import dev.tramontane.engine.tokenizer.TokenType;
import dev.tramontane.engine.tokenizer.Tokenizer;
import dev.tramontane.engine.tokenizer.Vocabulary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** The tokenizers constrained decoding is tested with: a synthetic SentencePiece-style vocabulary (always there) and the real 32k Mistral one (a fixture). */
final class TestTokenizers {

    private static Tokenizer synthetic;
    private static Tokenizer mistral;

    private TestTokenizers() {}

    /**
     * {@code <unk> <s> </s>}, the 256 byte pieces, two control tokens, JSON-shaped pieces (quotes
     * glued to braces, {@code ▁} spaces, escapes, literals, digits, multi-byte characters) and a
     * few hundred seeded random pieces, so tokens straddle structure the way real ones do.
     */
    static synchronized Tokenizer synthetic() {
        if (synthetic == null) {
            List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
            List<TokenType> types = new ArrayList<>(List.of(TokenType.UNKNOWN, TokenType.CONTROL, TokenType.CONTROL));
            for (int b = 0; b < 256; b++) {
                tokens.add(String.format("<0x%02X>", b));
                types.add(TokenType.BYTE);
            }
            tokens.add("[INST]");
            types.add(TokenType.CONTROL);
            tokens.add("[/INST]");
            types.add(TokenType.CONTROL);
            Set<String> pieces = new LinkedHashSet<>(List.of("{", "}", "[", "]", "\"", ":", ",", "▁", "▁▁", "{\"", "\"}", "\":",
                    "\",", "\":▁\"", "\",▁\"", "\":\"", "▁{", "▁[", "[{", "}]", "},", "],", "}}", "▁\"", "\"]", "[\"", "true", "false",
                    "null", "nu", "ll", "tr", "ue", "fal", "se", "0", "1", "12", "123", "0.", ".5", "e+", "E-", "-", "-1", "name", "▁the",
                    "abc", "a", "b", "ab", "é", "è", "ü", "日本", "語", "🦙", "\\", "\\n", "\\\"", "\\u", "\\u00", "e9", "D8", "00",
                    "kind", "circle", "square", "red", "green", "arguments", "get_weather", "search", "city", "▁Paris", "clé",
                    ",▁", ":▁", "\"\"", "{}", "[]", "\n", "\t", "▁\n", "x", "y", "z", "v", "children", "id", "\":1", "\":[", "\":{"));
            Random random = new Random(7);
            String alphabet = "abcxyz01239.-+eE{}[]\":,▁\\éü日";
            while (pieces.size() < 600) {
                int length = 2 + random.nextInt(5);
                StringBuilder s = new StringBuilder();
                for (int i = 0; i < length; i++) {
                    s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                pieces.add(s.toString());
            }
            for (String p : pieces) {
                tokens.add(p);
                types.add(TokenType.NORMAL);
            }
            float[] scores = new float[tokens.size()];
            synthetic = new Tokenizer(new Vocabulary(tokens, scores, types, 1, 2, 0, true, true));
        }
        return synthetic;
    }

    /** The real Mixtral/Mistral v1 vocabulary (32,000 tokens); skips the test when fixtures are absent. */
    static synchronized Tokenizer mistral() {
        if (mistral == null) {
            try (GgufFile gguf = GgufFile.open(Fixtures.require("tokenizer/ggml-vocab-mistral-v1.gguf"))) {
                mistral = Tokenizer.fromGguf(gguf.metadata());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return mistral;
    }
}
