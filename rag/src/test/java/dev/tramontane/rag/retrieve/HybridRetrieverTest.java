package dev.tramontane.rag.retrieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.rag.Query;
import org.springframework.ai.rag.retrieval.search.VectorStoreDocumentRetriever;

import dev.tramontane.rag.ChunkMetadata;
import dev.tramontane.rag.TestEmbeddings;
import dev.tramontane.rag.language.LinguaLanguageDetector;
import dev.tramontane.rag.store.LuceneVectorStore;

class HybridRetrieverTest {

    @TempDir
    static Path directory;

    static LuceneVectorStore store;
    static final LinguaLanguageDetector DETECTOR = new LinguaLanguageDetector();

    @BeforeAll
    static void indexChunksInFiveLanguages() {
        store = LuceneVectorStore.builder(TestEmbeddings.bundled()).indexDirectory(directory.resolve("index"))
                .languageDetector(DETECTOR).build();
        store.add(List.of(
                chunk("de-1", "Die Brücken der Stadt wurden im neunzehnten Jahrhundert aus Stein gebaut.", "manual", 4),
                chunk("de-2", "Der Zug fährt jeden Morgen pünktlich nach München.", "manual", 5),
                chunk("fr-1", "Le château fut agrandi sous Louis XIV et entouré de jardins.", "guide", 2),
                chunk("es-1", "La catedral de Sevilla es la más grande de estilo gótico.", "guide", 7),
                chunk("it-1", "Il ponte di Rialto attraversa il Canal Grande a Venezia.", "guide", 9),
                chunk("en-1", "Photosynthesis converts sunlight and water into chemical energy.", "manual", 1)));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static Document chunk(String id, String text, String collection, int page) {
        return Document.builder().id(id).text(text).metadata(Map.of(ChunkMetadata.DOCUMENT_ID, "doc-" + id,
                ChunkMetadata.TITLE, "Title " + id, ChunkMetadata.PAGE, page, ChunkMetadata.START_OFFSET, 0,
                ChunkMetadata.END_OFFSET, text.length(), ChunkMetadata.COLLECTION, collection)).build();
    }

    private static HybridRetriever retriever(HybridRetriever.Mode mode) {
        return HybridRetriever.builder(store).languageDetector(DETECTOR).mode(mode).topK(3).build();
    }

    @Test
    void chunksGetTheirDetectedLanguageWhenIngestionGaveNone() {
        List<Document> results = retriever(HybridRetriever.Mode.BM25).retrieve(new Query("Brücke"));
        assertThat(results.getFirst().getMetadata()).containsEntry(ChunkMetadata.LANGUAGE, "de");
    }

    @Test
    void aGermanQueryWithAnotherInflectionFindsTheGermanChunkThroughTheGermanAnalyzer() {
        // "Brücke" (singular) and "baute" (past tense) do not occur in the chunk, "Brücken" and "gebaut" do.
        List<Document> results = retriever(HybridRetriever.Mode.BM25).retrieve(new Query("Wann wurde die Brücke gebaut?"));
        assertThat(results).extracting(Document::getId).first().isEqualTo("de-1");
        assertThat((String) results.getFirst().getMetadata().get(HybridRetriever.SNIPPET)).contains("<mark>Brücken</mark>");
    }

    @Test
    void theNeutralFieldMatchesWordsTypedWithoutAccents() {
        List<Document> results = retriever(HybridRetriever.Mode.BM25).retrieve(new Query("chateau Louis",
                List.of(), Map.of(HybridRetriever.QUERY_LANGUAGE, "en")));
        assertThat(results).extracting(Document::getId).first().isEqualTo("fr-1");
        assertThat((String) results.getFirst().getMetadata().get(HybridRetriever.SNIPPET)).contains("<mark>château</mark>");
    }

    @Test
    void everyResultCarriesItsCitation() {
        Document best = retriever(HybridRetriever.Mode.HYBRID).retrieve(new Query("Rialto bridge in Venice")).getFirst();
        assertThat(best.getId()).isEqualTo("it-1");
        assertThat(best.getMetadata())
                .containsEntry(ChunkMetadata.DOCUMENT_ID, "doc-it-1")
                .containsEntry(ChunkMetadata.TITLE, "Title it-1")
                .containsEntry(ChunkMetadata.PAGE, 9)
                .containsEntry(ChunkMetadata.START_OFFSET, 0)
                .containsEntry(ChunkMetadata.END_OFFSET, best.getText().length())
                .containsEntry(HybridRetriever.RANK, 1)
                .containsKeys(HybridRetriever.SCORE, HybridRetriever.DENSE_RANK, HybridRetriever.BM25_RANK);
        assertThat((String) best.getMetadata().get(HybridRetriever.SNIPPET)).contains("<mark>Rialto</mark>");
    }

    @Test
    void hybridScoresAreTheReciprocalRankFusionOfTheLegRanks() {
        Document best = retriever(HybridRetriever.Mode.HYBRID).retrieve(new Query("Rialto bridge in Venice", List.of(),
                Map.of(HybridRetriever.QUERY_LANGUAGE, "en"))).getFirst();
        int bm25 = (Integer) best.getMetadata().get(HybridRetriever.BM25_RANK);
        int dense = (Integer) best.getMetadata().get(HybridRetriever.DENSE_RANK);
        assertThat(best.getScore()).isEqualTo(1.0 / (60 + bm25) + 1.0 / (60 + dense));
    }

    @Test
    void aFilterRestrictsBothLegs() {
        for (HybridRetriever.Mode mode : HybridRetriever.Mode.values()) {
            List<Document> results = retriever(mode).retrieve(new Query("Photosynthesis in der catedral", List.of(),
                    Map.of(VectorStoreDocumentRetriever.FILTER_EXPRESSION, "collection == 'guide' && language != 'it'")));
            assertThat(results).as(mode.name()).extracting(Document::getId).isSubsetOf("fr-1", "es-1");
            assertThat(results).as(mode.name()).isNotEmpty().extracting(d -> d.getMetadata().get(ChunkMetadata.COLLECTION)).containsOnly("guide");
        }
    }

    @Test
    void theDenseLegFindsAParaphraseThatSharesNoWordWithTheQuery() {
        List<Document> results = retriever(HybridRetriever.Mode.DENSE).retrieve(new Query("how plants turn light into food"));
        assertThat(results.getFirst().getId()).isEqualTo("en-1");
    }
}
