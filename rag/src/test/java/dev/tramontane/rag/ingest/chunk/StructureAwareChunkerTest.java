package dev.tramontane.rag.ingest.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.tramontane.rag.ingest.read.HeadingSpan;
import dev.tramontane.rag.ingest.read.PageText;

class StructureAwareChunkerTest {

    private final TokenCounter tokens = new ApproximateTokenCounter();

    private static String sentence(int i) {
        return "Sentence number " + i + " explains how the northern harbour handles container ships at night.";
    }

    private static String paragraph(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(StructureAwareChunkerTest::sentence).collect(Collectors.joining(" "));
    }

    @Test
    void everyChunkIsExactlyTheSubstringAtItsOffsetsAndFitsTheTarget() {
        String text = paragraph(0, 7) + "\n\n" + paragraph(7, 3) + "\n  \n" + paragraph(10, 12) + "\n";
        PageText page = new PageText(4, text);
        ChunkingSettings settings = new ChunkingSettings(60, 12);

        List<TextChunk> chunks = new StructureAwareChunker(settings, tokens).chunk(page);

        assertThat(chunks).hasSizeGreaterThan(3);
        for (TextChunk chunk : chunks) {
            assertThat(text.substring(chunk.startOffset(), chunk.endOffset())).isEqualTo(chunk.text());
            assertThat(chunk.page()).isEqualTo(4);
            assertThat(chunk.tokens()).isLessThanOrEqualTo(60).isEqualTo(sumOfSentenceTokens(chunk.text()));
        }
        assertThat(chunks).extracting(TextChunk::index).containsExactlyElementsOf(IntStream.range(0, chunks.size()).boxed().toList());
        for (int i = 0; i < 22; i++) {
            String expected = sentence(i);
            assertThat(chunks).as("sentence %d is in some chunk", i).anyMatch(chunk -> chunk.text().contains(expected));
        }
    }

    @Test
    void consecutiveChunksShareWholeSentencesUpToTheOverlap() {
        PageText page = new PageText(1, paragraph(0, 30));
        ChunkingSettings settings = new ChunkingSettings(80, 25);

        List<TextChunk> chunks = new StructureAwareChunker(settings, tokens).chunk(page);

        assertThat(chunks).hasSizeGreaterThan(3);
        for (int i = 1; i < chunks.size(); i++) {
            TextChunk previous = chunks.get(i - 1);
            TextChunk next = chunks.get(i);
            assertThat(next.startOffset()).as("chunk %d starts inside chunk %d", i, i - 1)
                    .isGreaterThan(previous.startOffset()).isLessThan(previous.endOffset());
            String shared = page.text().substring(next.startOffset(), previous.endOffset());
            assertThat(shared).startsWith("Sentence number ").endsWith(".");
            assertThat(tokens.count(shared)).isLessThanOrEqualTo(25);
        }
    }

    @Test
    void withoutOverlapChunksTileThePage() {
        PageText page = new PageText(1, paragraph(0, 30));

        List<TextChunk> chunks = new StructureAwareChunker(new ChunkingSettings(80, 0), tokens).chunk(page);

        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).startOffset()).isEqualTo(chunks.get(i - 1).endOffset() + 1);
        }
    }

    @Test
    void headingsStartNewChunksAndNameTheSectionAcrossPages() {
        String intro = "Tides";
        String body = "The sea rises and falls twice a day.";
        String sub = "Causes";
        String subBody = "The moon pulls the water toward it.";
        String text1 = intro + "\n\n" + body + "\n\n" + sub + "\n\n" + subBody;
        PageText page1 = new PageText(1, text1, List.of(
                new HeadingSpan(0, intro.length(), 1),
                new HeadingSpan(text1.indexOf(sub), text1.indexOf(sub) + sub.length(), 2)));
        String text2 = "The sun pulls too, but less.\n\nEffects\n\nHarbours schedule ships by the tide.";
        PageText page2 = new PageText(2, text2, List.of(
                new HeadingSpan(text2.indexOf("Effects"), text2.indexOf("Effects") + "Effects".length(), 2)));

        StructureAwareChunker chunker = new StructureAwareChunker(new ChunkingSettings(200, 20), tokens);
        List<TextChunk> chunks = new ArrayList<>(chunker.chunk(page1));
        chunks.addAll(chunker.chunk(page2));

        assertThat(chunks).extracting(TextChunk::text).containsExactly(
                "Tides\n\nThe sea rises and falls twice a day.",
                "Causes\n\nThe moon pulls the water toward it.",
                "The sun pulls too, but less.",
                "Effects\n\nHarbours schedule ships by the tide.");
        assertThat(chunks).extracting(TextChunk::section).containsExactly(
                "Tides", "Tides › Causes", "Tides › Causes", "Tides › Effects");
        assertThat(chunks).extracting(TextChunk::page).containsExactly(1, 1, 2, 2);
        assertThat(chunks).extracting(TextChunk::index).containsExactly(0, 1, 2, 3);
    }

    @Test
    void keepsAParagraphWholeWhenItFitsInsteadOfCuttingIt() {
        String first = paragraph(0, 4);
        String second = paragraph(4, 4);
        PageText page = new PageText(1, first + "\n\n" + second);
        int firstTokens = sumOfSentenceTokens(first);

        // Room for the first paragraph and half of the second: the chunk ends at the paragraph instead.
        List<TextChunk> chunks = new StructureAwareChunker(new ChunkingSettings(firstTokens * 3 / 2, 0), tokens).chunk(page);

        assertThat(chunks).extracting(TextChunk::text).containsExactly(first, second);
    }

    @Test
    void cutsASentenceLongerThanAChunkBetweenWords() {
        String endless = IntStream.range(0, 300).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
        PageText page = new PageText(1, endless);

        List<TextChunk> chunks = new StructureAwareChunker(new ChunkingSettings(50, 10), tokens).chunk(page);

        assertThat(chunks).hasSizeGreaterThan(5);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.tokens()).isLessThanOrEqualTo(50);
            assertThat(endless.substring(chunk.startOffset(), chunk.endOffset())).isEqualTo(chunk.text());
            assertThat(chunk.text()).doesNotStartWith(" ").doesNotEndWith(" ");
        });
        assertThat(chunks.getLast().text()).endsWith("word299");
    }

    @Test
    void aBlankPageHasNoChunks() {
        assertThat(new StructureAwareChunker(ChunkingSettings.DEFAULT, tokens).chunk(new PageText(1, " \n\n \t"))).isEmpty();
    }

    private int sumOfSentenceTokens(String text) {
        java.text.BreakIterator sentences = java.text.BreakIterator.getSentenceInstance(java.util.Locale.ROOT);
        sentences.setText(text);
        int sum = 0;
        for (int s = sentences.first(), e = sentences.next(); e != java.text.BreakIterator.DONE; s = e, e = sentences.next()) {
            sum += tokens.count(text.substring(s, e).strip());
        }
        return sum;
    }
}
