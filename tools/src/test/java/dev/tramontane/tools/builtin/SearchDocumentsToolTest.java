package dev.tramontane.tools.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.rag.ChunkMetadata;
import dev.tramontane.rag.language.LanguageDetector;
import dev.tramontane.rag.retrieve.HybridRetriever;
import dev.tramontane.rag.store.LuceneVectorStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;

/** search_documents over a real Lucene index and the real hybrid retriever (keyword leg; random-projection vectors). */
class SearchDocumentsToolTest {

    @TempDir
    static Path dir;
    static LuceneVectorStore store;
    static SearchDocumentsTool tool;

    @BeforeAll
    static void index() {
        // Lingua takes seconds to load and is tested in rag; English analysis is all these chunks need here.
        LanguageDetector detector = LanguageDetector.fixed("en");
        store = LuceneVectorStore.builder(new HashEmbeddingModel()).indexDirectory(dir.resolve("index"))
                .languageDetector(detector).build();
        store.add(List.of(
                chunk("c1", "The warranty covers the boiler for five years after installation & service.", "manual", "Boiler manual", 12),
                chunk("c2", "The castle was enlarged under Louis XIV and surrounded by gardens.", "guide", "Guide de Versailles", 3),
                chunk("c3", "Boiler pressure should stay between one and two bar.", "faq", "Heating FAQ", 2)));
        tool = new SearchDocumentsTool(HybridRetriever.builder(store).languageDetector(detector)
                .mode(HybridRetriever.Mode.BM25).topK(8).build());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static Document chunk(String id, String text, String collection, String title, int page) {
        return Document.builder().id(id).text(text).metadata(Map.of(ChunkMetadata.DOCUMENT_ID, "doc-" + id,
                ChunkMetadata.TITLE, title, ChunkMetadata.PAGE, page, ChunkMetadata.START_OFFSET, 0,
                ChunkMetadata.END_OFFSET, text.length(), ChunkMetadata.COLLECTION, collection)).build();
    }

    @Test
    void returnsPassagesWithCitationIdDocumentPageAndAPlainTextSnippet() {
        SearchDocumentsTool.SearchResults results = tool.search("boiler warranty", null, null);
        SearchDocumentsTool.Hit first = results.results().getFirst();
        assertThat(first.citationId()).isEqualTo("c1");
        assertThat(first.documentId()).isEqualTo("doc-c1");
        assertThat(first.title()).isEqualTo("Boiler manual");
        assertThat(first.page()).isEqualTo(12);
        assertThat(first.snippet()).contains("warranty").contains("& service").doesNotContain("<mark>").doesNotContain("&amp;");
        assertThat(results.results()).extracting(SearchDocumentsTool.Hit::citationId).contains("c3").doesNotContain("c2");
    }

    @Test
    void aCollectionRestrictsTheSearchAndMaxResultsCapsIt() {
        assertThat(tool.search("boiler", "faq", null).results()).extracting(SearchDocumentsTool.Hit::citationId).containsExactly("c3");
        assertThat(tool.search("boiler", null, 1).results()).hasSize(1);
        assertThat(tool.search("boiler", "nowhere", 5).results()).isEmpty();
    }

    @Test
    void anEmptyQueryIsAClearError() {
        assertThatThrownBy(() -> tool.search(" ", null, null)).hasMessageContaining("query is empty");
    }
}
