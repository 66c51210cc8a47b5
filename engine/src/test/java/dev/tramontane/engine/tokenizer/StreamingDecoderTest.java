package dev.tramontane.engine.tokenizer;

import static dev.tramontane.engine.tokenizer.TinyVocabularies.pieces;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamingDecoderTest {

    private final Tokenizer tokenizer = new Tokenizer(TinyVocabularies.of(pieces("▁", -5, "a", -3, "▁a", -1), Map.of()));

    @ParameterizedTest
    @ValueSource(strings = {"é", "€", "🦙", "中文", "aé a€a🦙 中"})
    void neverEmitsHalfACharacterWhenItsBytesArriveAsSeparateTokens(String text) {
        int[] ids = tokenizer.encode(text, false, false);
        StreamingDecoder decoder = new StreamingDecoder(tokenizer, true, false);
        List<String> chunks = new ArrayList<>();
        for (int id : ids) {
            chunks.add(decoder.accept(id));
        }
        chunks.add(decoder.flush());
        for (String chunk : chunks) {
            assertThat(chunk).doesNotContain("\uFFFD");
            assertThat(chunk.codePoints().allMatch(Character::isValidCodePoint)).isTrue();
            if (!chunk.isEmpty()) {
                assertThat(Character.isLowSurrogate(chunk.charAt(0))).isFalse();
                assertThat(Character.isHighSurrogate(chunk.charAt(chunk.length() - 1))).isFalse();
            }
        }
        assertThat(String.join("", chunks)).isEqualTo(text);
    }

    @Test
    void holdsTheLeadingBytesOfAMultiByteCharacterUntilItsLastByteArrives() {
        StreamingDecoder decoder = new StreamingDecoder(tokenizer);
        assertThat(decoder.accept(TinyVocabularies.byteId(0xE2))).isEmpty();
        assertThat(decoder.accept(TinyVocabularies.byteId(0x82))).isEmpty();
        assertThat(decoder.hasPending()).isTrue();
        assertThat(decoder.accept(TinyVocabularies.byteId(0xAC))).isEqualTo("€");
        assertThat(decoder.hasPending()).isFalse();
    }

    @Test
    void flushReleasesAnUnfinishedCharacterAsAReplacementCharacter() {
        StreamingDecoder decoder = new StreamingDecoder(tokenizer);
        assertThat(decoder.accept(TinyVocabularies.byteId(0xF0))).isEmpty();
        assertThat(decoder.flush()).isEqualTo("\uFFFD");
        assertThat(decoder.flush()).isEmpty();
    }

    @Test
    void keepsTheSpaceOfTheFirstWordOfAContinuation() {
        int spaceA = tokenizer.find("▁a").orElseThrow();
        assertThat(new StreamingDecoder(tokenizer).accept(spaceA)).isEqualTo(" a");
        assertThat(new StreamingDecoder(tokenizer, true, false).accept(spaceA)).isEqualTo("a");
    }

    @Test
    void passesMalformedBytesOnInsteadOfHoldingThemForever() {
        assertThat(StreamingDecoder.completePrefixLength(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80})).isEqualTo(4);
        assertThat(StreamingDecoder.completePrefixLength(new byte[] {'a', (byte) 0xE2, (byte) 0x82})).isEqualTo(1);
        assertThat(StreamingDecoder.completePrefixLength(new byte[] {'a', (byte) 0xFF})).isEqualTo(2);
    }
}
