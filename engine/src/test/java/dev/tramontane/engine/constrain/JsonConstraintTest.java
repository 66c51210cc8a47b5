package dev.tramontane.engine.constrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Token-level behaviour: the mask is exactly the set of tokens that keep a valid, finishable prefix. */
class JsonConstraintTest {

    private static final String PERSON = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
            + "\"age\":{\"type\":\"integer\"},\"tags\":{\"type\":\"array\",\"items\":{\"enum\":[\"a\",\"b\"]}}},"
            + "\"required\":[\"name\",\"age\"],\"additionalProperties\":false}";

    @Test
    void theMaskEqualsATokenByTokenCheckOfTheGrammarOnTheSyntheticVocabulary() {
        Tokenizer tokenizer = TestTokenizers.synthetic();
        for (String prefix : new String[] {"", "{", "{\"na", "{\"name\":\"Jo", "{\"name\":\"x\",\"age\":1", "{\"name\":\"\", \"age\":0,\"tags\":[\"a\""}) {
            assertMaskMatchesOracle(JsonSchemaConstraint.compile(PERSON, tokenizer), prefix);
        }
        assertMaskMatchesOracle(JsonSchemaConstraint.anyJson(tokenizer), "[1, {\"k\":tr");
        assertMaskMatchesOracle(JsonSchemaConstraint.anyJson(tokenizer), "{\"a\":1");
        assertMaskMatchesOracle(JsonSchemaConstraint.anyJson(tokenizer), "{\"a\":\"x\",");
        assertMaskMatchesOracle(JsonSchemaConstraint.compile("{\"additionalProperties\":{\"type\":\"integer\"}}", tokenizer), "{\"a\":1");
    }

    @Test
    void theMaskEqualsATokenByTokenCheckOfTheGrammarOnTheMistralVocabulary() {
        Tokenizer tokenizer = TestTokenizers.mistral();
        for (String prefix : new String[] {"", "{\"name\":\"Jo", "{\"name\":\"x\",\"age\":12"}) {
            assertMaskMatchesOracle(JsonSchemaConstraint.compile(PERSON, tokenizer), prefix);
        }
    }

    @Test
    void byteFallbackTokensSpellMultiByteCharactersAndOnlyContinuationBytesMayFollowALeadByte() {
        Tokenizer tokenizer = TestTokenizers.synthetic();
        JsonConstraint c = JsonSchemaConstraint.compile("{\"type\":\"string\"}", tokenizer).start(20);
        c.accept(tokenizer.find("\"").getAsInt());
        c.accept(tokenizer.find("<0xE2>").getAsInt());
        List<Integer> allowed = allowedTokens(c, tokenizer);
        assertThat(allowed).isNotEmpty().allSatisfy(t -> {
            int first = tokenizer.pieceBytes(t, false)[0] & 0xFF;
            assertThat(first).as("token %s", tokenizer.piece(t)).isBetween(0x80, 0xBF);
        });
        c.accept(tokenizer.find("<0x82>").getAsInt());
        assertThat(c.allows(tokenizer.find("\"").getAsInt())).as("a quote inside a character").isFalse();
        c.accept(tokenizer.find("<0xAC>").getAsInt());
        c.accept(tokenizer.find("\"").getAsInt());
        assertThat(c.text()).isEqualTo("\"€\"");
        assertThat(c.isComplete()).isTrue();
    }

    @Test
    void controlUnknownAndRawControlCharacterTokensAreNeverAllowed() {
        Tokenizer tokenizer = TestTokenizers.synthetic();
        JsonConstraint c = JsonSchemaConstraint.compile(PERSON, tokenizer).start(50);
        for (String text : new String[] {"{\"name\":\"", "a"}) {
            for (int t : tokenizer.encode(text, false, false)) {
                c.accept(t);
            }
            for (String forbidden : new String[] {"<s>", "<unk>", "[INST]", "[/INST]", "\n", "\t", "<0x0A>", "</s>"}) {
                assertThat(c.allows(tokenizer.find(forbidden).getAsInt())).as(forbidden + " after " + c.text()).isFalse();
            }
        }
    }

    @Test
    void onceTheDocumentIsCompleteOnlyEosIsAllowed() {
        Tokenizer tokenizer = TestTokenizers.synthetic();
        JsonConstraint c = JsonSchemaConstraint.compile("{\"type\":\"boolean\"}", tokenizer).start(10);
        assertThat(c.allows(tokenizer.eos())).isFalse();
        c.accept(tokenizer.find("true").getAsInt());
        assertThat(c.isComplete()).isTrue();
        assertThat(c.canEnd()).isTrue();
        assertThat(allowedTokens(c, tokenizer)).containsExactly(tokenizer.eos());
    }

    @Test
    void aTopLevelNumberMayEndOrGoOn() {
        Tokenizer tokenizer = TestTokenizers.synthetic();
        JsonConstraint c = JsonSchemaConstraint.compile("{\"type\":\"integer\"}", tokenizer).start(10);
        c.accept(tokenizer.find("12").getAsInt());
        assertThat(c.canEnd()).isTrue();
        assertThat(c.isComplete()).isFalse();
        assertThat(c.allows(tokenizer.eos())).isTrue();
        assertThat(c.allows(tokenizer.find("3").orElse(tokenizer.find("<0x33>").getAsInt()))).isTrue();
        assertThat(c.allows(tokenizer.find(".5").getAsInt())).isFalse();
    }

    @Test
    void aTopLevelNumberThatHasSpentTheBudgetIsCompleteBecauseOnlyEosMayFollow() {
        Tokenizer tokenizer = TestTokenizers.synthetic();
        JsonConstraint c = JsonSchemaConstraint.compile("{\"type\":\"integer\"}", tokenizer).start(2);
        c.accept(tokenizer.find("12").getAsInt());
        assertThat(c.isComplete()).as("one token left: a digit may still come").isFalse();
        c.accept(tokenizer.find("123").getAsInt());
        assertThat(allowedTokens(c, tokenizer)).containsExactly(tokenizer.eos());
        assertThat(c.isComplete()).as("budget spent on a whole document: nothing but EOS may follow").isTrue();
    }

    @Test
    void nearTheBudgetOnlyTokensThatCanStillCloseTheDocumentRemain() {
        Tokenizer tokenizer = TestTokenizers.synthetic();
        JsonConstraint c = JsonSchemaConstraint.compile("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}", tokenizer).start(6);
        for (String piece : new String[] {"[\"", "abc", "\",▁\"", "x"}) {
            c.accept(tokenizer.find(piece).getAsInt());
        }
        assertThat(c.remainingTokens()).isEqualTo(2); // ["abc", "x still needs two bytes: "]
        assertThat(allowedTokens(c, tokenizer)).isNotEmpty().allSatisfy(t -> {
            String piece = new String(tokenizer.pieceBytes(t, false), StandardCharsets.UTF_8);
            assertThat(piece).as(piece).matches("[^\"]|[^\"]*\"\\]?"); // one more character, or the string closed
        });
        c.accept(tokenizer.find("\"").getAsInt());
        assertThat(allowedTokens(c, tokenizer)).extracting(t -> new String(tokenizer.pieceBytes(t, false), StandardCharsets.UTF_8))
                .containsOnly("]"); // the piece "]" and the byte token <0x5D>
    }

    @Test
    void acceptRefusesATokenTheMaskForbidsAndNamesIt() {
        Tokenizer tokenizer = TestTokenizers.synthetic();
        JsonConstraint c = JsonSchemaConstraint.compile(PERSON, tokenizer).start(20);
        assertThatThrownBy(() -> c.accept(tokenizer.find("[").getAsInt()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token").hasMessageContaining("[");
        assertThatThrownBy(() -> c.accept(tokenizer.eos())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBudgetBelowTheShortestDocumentIsRefusedUpFront() {
        JsonSchemaConstraint compiled = JsonSchemaConstraint.compile(PERSON, TestTokenizers.synthetic());
        assertThat(compiled.minTokens()).isEqualTo("{\"name\":\"\",\"age\":0}".length());
        assertThatThrownBy(() -> compiled.start(compiled.minTokens() - 1)).hasMessageContaining("max tokens");
    }

    @Test
    void theTrieHoldsEveryTextTokenAndNoSpecialOne() {
        Tokenizer tokenizer = TestTokenizers.synthetic();
        TokenTrie trie = TokenTrie.of(tokenizer);
        assertThat(TokenTrie.of(tokenizer)).isSameAs(trie);
        assertThat(trie.tokenCount()).isEqualTo(tokenizer.vocabSize() - 3 - 2); // minus <unk> <s> </s> [INST] [/INST]
        assertThat(trie.contains(tokenizer.find("[INST]").getAsInt())).isFalse();
        assertThat(trie.contains(tokenizer.find("{\"").getAsInt())).isTrue();
    }

    /** The oracle: each token's bytes run through the grammar from the prefix, one by one, without the trie. */
    private static void assertMaskMatchesOracle(JsonSchemaConstraint compiled, String prefix) {
        Tokenizer tokenizer = compiled.tokenizer();
        JsonConstraint c = compiled.start(500);
        for (int t : tokenizer.encode(prefix, false, false)) {
            c.accept(t);
        }
        Frame state = compiled.grammar().start();
        for (byte b : c.text().getBytes(StandardCharsets.UTF_8)) { // the prefix, with SentencePiece's leading space
            state = state.step(b & 0xFF);
        }
        assertThat(state).as("prefix %s", prefix).isNotNull();
        List<Integer> masked = allowedTokens(c, tokenizer);
        List<Integer> expected = new ArrayList<>();
        for (int t = 0; t < tokenizer.vocabSize(); t++) {
            if (t == tokenizer.eos()) {
                if (state.canEnd()) {
                    expected.add(t);
                }
                continue;
            }
            if (tokenizer.isControl(t) || tokenizer.pieceBytes(t, false).length == 0) {
                continue;
            }
            Frame s = state;
            for (byte b : tokenizer.pieceBytes(t, false)) {
                s = s == null ? null : s.step(b & 0xFF);
            }
            if (s != null) {
                expected.add(t);
            }
        }
        assertThat(masked).as("allowed after %s", prefix).isEqualTo(expected);
        assertThat(masked.size()).isEqualTo(c.allowedCount());
    }

    private static List<Integer> allowedTokens(JsonConstraint c, Tokenizer tokenizer) {
        float[] logits = new float[tokenizer.vocabSize()];
        c.mask(logits);
        List<Integer> allowed = new ArrayList<>();
        for (int t = 0; t < logits.length; t++) {
            if (logits[t] != Float.NEGATIVE_INFINITY) {
                allowed.add(t);
            }
        }
        return allowed;
    }
}
