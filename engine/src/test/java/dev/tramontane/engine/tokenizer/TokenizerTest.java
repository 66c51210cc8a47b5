package dev.tramontane.engine.tokenizer;

import static dev.tramontane.engine.tokenizer.TinyVocabularies.byteId;
import static dev.tramontane.engine.tokenizer.TinyVocabularies.pieces;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    // ids: 259 ▁, 260 a, 261 b, 262 c, 263 ab, 264 bc, 265 ▁a
    private static Tokenizer abc(float abScore, float bcScore) {
        return new Tokenizer(TinyVocabularies.of(
                pieces("▁", -5, "a", -3, "b", -3, "c", -3, "ab", abScore, "bc", bcScore, "▁a", -10), Map.of()));
    }

    @Test
    void mergesThePairWhoseJoinedPieceScoresHighestFirst() {
        assertThat(abc(-1, -2).encode("abc", false, false)).containsExactly(259, 263, 262);
        assertThat(abc(-2, -1).encode("abc", false, false)).containsExactly(265, 264);
    }

    @Test
    void breaksScoreTiesInFavourOfTheLeftmostPair() {
        // "▁abc": ▁a, ab and bc all score -1; ▁a is leftmost and wins, then nothing else merges with it.
        Tokenizer tokenizer = new Tokenizer(TinyVocabularies.of(
                pieces("▁", -5, "a", -3, "b", -3, "c", -3, "ab", -1, "bc", -1, "▁a", -1), Map.of()));
        assertThat(tokenizer.encode("abc", false, false)).containsExactly(265, 264);
    }

    @Test
    void prefixesASpaceAndWritesSpacesAsTheSpaceMark() {
        Tokenizer tokenizer = abc(-1, -2);
        assertThat(tokenizer.encode("a a", false, false)).containsExactly(265, 265);
        assertThat(tokenizer.encode("", true, false)).containsExactly(1);
        assertThat(tokenizer.encode("", false, false)).isEmpty();
        assertThat(tokenizer.encode("a", true, false)).containsExactly(1, 265);
    }

    @Test
    void writesCharactersOutsideTheVocabularyAsUtf8BytePieces() {
        Tokenizer tokenizer = abc(-1, -2);
        assertThat(tokenizer.encode("aé€", false, false))
                .containsExactly(265, byteId(0xC3), byteId(0xA9), byteId(0xE2), byteId(0x82), byteId(0xAC));
        assertThat(tokenizer.decode(tokenizer.encode("aé€", false, false))).isEqualTo("aé€");
    }

    @Test
    void turnsControlTokenTextIntoItsIdOnlyWhenAskedToParseSpecialTokens() {
        Tokenizer tokenizer = new Tokenizer(TinyVocabularies.of(
                pieces("▁", -5, "a", -3, "[", -3, "]", -3, "I", -3), Map.of("[I]", TokenType.CONTROL)));
        int control = tokenizer.find("[I]").orElseThrow();
        assertThat(tokenizer.encode("[I]a", false, true)).containsExactly(control, 259, 260);
        assertThat(tokenizer.encode("a[I]", false, true)).containsExactly(259, 260, control);
        assertThat(tokenizer.encode("[I]a", false, false)).containsExactly(259, 261, 263, 262, 260);
        assertThat(tokenizer.isControl(control)).isTrue();
    }

    @Test
    void matchesUserDefinedPiecesEvenWithoutParsingSpecialTokens() {
        Tokenizer tokenizer = new Tokenizer(TinyVocabularies.of(
                pieces("▁", -5, "a", -3), Map.of("<tool>", TokenType.USER_DEFINED)));
        int tool = tokenizer.find("<tool>").orElseThrow();
        assertThat(tokenizer.encode("a<tool>", false, false)).containsExactly(259, 260, tool);
        assertThat(tokenizer.decode(new int[] {259, 260, tool})).isEqualTo("a<tool>");
    }

    @Test
    void decodingSkipsControlTokensAndDropsOnlyTheDummyPrefixSpace() {
        Tokenizer tokenizer = abc(-1, -2);
        assertThat(tokenizer.decode(new int[] {265, 265})).isEqualTo("a a");
        assertThat(tokenizer.decode(new int[] {265, 2})).isEqualTo("a");
        assertThat(tokenizer.decode(new int[] {265, 2}, true)).isEqualTo("a</s>");
        // As llama.cpp: BOS takes the first position, so the following space is kept.
        assertThat(tokenizer.decode(new int[] {1, 265})).isEqualTo(" a");
        assertThat(tokenizer.decode(new int[] {259, 259, 260})).isEqualTo(" a");
    }

    @Test
    void exposesPiecesAndSpecialIds() {
        Tokenizer tokenizer = abc(-1, -2);
        assertThat(tokenizer.piece(265)).isEqualTo("▁a");
        assertThat(tokenizer.piece(byteId(0x0A))).isEqualTo("<0x0A>");
        assertThat(tokenizer.bos()).isEqualTo(1);
        assertThat(tokenizer.eos()).isEqualTo(2);
        assertThat(tokenizer.vocabSize()).isEqualTo(266);
        assertThatThrownBy(() -> tokenizer.piece(266)).hasMessageContaining("outside the vocabulary of 266 tokens");
    }

    @Test
    void rejectsAVocabularyWhoseArraysDisagree() {
        assertThatThrownBy(() -> new Vocabulary(java.util.List.of("a", "b"), new float[1],
                java.util.List.of(TokenType.NORMAL, TokenType.NORMAL), -1, -1, -1, false, true))
                .hasMessageContaining("2 tokens, 1 scores, 2 token types");
    }
}
