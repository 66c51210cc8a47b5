package dev.tramontane.rag.ingest.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tramontane.rag.ingest.read.PageText;

class HuggingFaceTokenCounterTest {

    static HuggingFaceTokenCounter miniLm;

    @BeforeAll
    static void load() {
        miniLm = HuggingFaceTokenCounter.bundledMiniLm();
    }

    @AfterAll
    static void close() {
        miniLm.close();
    }

    @Test
    void countsTheBundledModelsWordPiecesWithoutSpecialTokens() {
        assertThat(miniLm.count("")).isZero();
        assertThat(miniLm.count("hello world")).isEqualTo(2);
        assertThat(miniLm.count("Hello, world!")).isEqualTo(4);
    }

    @Test
    void seesThatTheEnglishVocabularyCutsGermanIntoMorePiecesThanTheApproximationAssumes() {
        String german = "Die Donaudampfschifffahrtsgesellschaft veröffentlichte gestern ihre Jahresabschlussberichte.";

        assertThat(miniLm.count(german)).isGreaterThan(new ApproximateTokenCounter().count(german));
    }

    @Test
    void chunksCountedWithTheModelsTokenizerFitItsWindowInEveryLanguage() {
        String sentence = "Die Gezeitenkraftwerke an der französischen Atlantikküste erzeugen beträchtliche Strommengen, "
                + "während Überschwemmungsgebiete geschützt bleiben.";
        String text = IntStream.range(0, 40).mapToObj(i -> sentence).collect(Collectors.joining(" "));

        List<TextChunk> chunks = new StructureAwareChunker(ChunkingSettings.DEFAULT, miniLm).chunk(new PageText(1, text));

        assertThat(chunks).hasSizeGreaterThan(3).allSatisfy(chunk ->
                assertThat(miniLm.count(chunk.text())).isLessThanOrEqualTo(ChunkingSettings.DEFAULT.targetTokens()));
    }
}
