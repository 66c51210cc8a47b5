package dev.tramontane.rag.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;

import dev.tramontane.rag.ChunkMetadata;
import dev.tramontane.rag.TestEmbeddings;

class LuceneVectorStoreTest {

    @TempDir
    Path directory;

    private LuceneVectorStore open() {
        return LuceneVectorStore.builder(TestEmbeddings.bundled()).indexDirectory(directory.resolve("index")).build();
    }

    private static Document chunk(String id, String text, String language) {
        return Document.builder().id(id).text(text).metadata(Map.of(
                ChunkMetadata.DOCUMENT_ID, "doc-" + id, ChunkMetadata.PAGE, 3, ChunkMetadata.LANGUAGE, language,
                ChunkMetadata.COLLECTION, "work")).build();
    }

    @Test
    void returnsTheMostSimilarChunkFirstWithItsMetadataAndAScoreBetweenZeroAndOne() {
        try (LuceneVectorStore store = open()) {
            store.add(List.of(chunk("a", "The train to Lyon leaves at nine in the morning.", "en"),
                    chunk("b", "Photosynthesis turns sunlight, water and carbon dioxide into sugar.", "en")));
            List<Document> results = store.similaritySearch(SearchRequest.builder()
                    .query("How do plants make sugar from light?").topK(2).build());
            assertThat(results).extracting(Document::getId).containsExactly("b", "a");
            Document best = results.get(0);
            assertThat(best.getMetadata()).containsEntry(ChunkMetadata.PAGE, 3).containsEntry(ChunkMetadata.DOCUMENT_ID, "doc-b");
            assertThat(best.getScore()).isBetween(0.5, 1.0);
            assertThat(results.get(1).getScore()).isLessThan(best.getScore());
        }
    }

    @Test
    void similarityThresholdDropsChunksBelowIt() {
        try (LuceneVectorStore store = open()) {
            store.add(List.of(chunk("a", "The train to Lyon leaves at nine in the morning.", "en"),
                    chunk("b", "Photosynthesis turns sunlight, water and carbon dioxide into sugar.", "en")));
            List<Document> all = store.similaritySearch(SearchRequest.builder().query("photosynthesis in plants")
                    .topK(2).similarityThresholdAll().build());
            double cut = (all.get(0).getScore() + all.get(1).getScore()) / 2;
            List<Document> above = store.similaritySearch(SearchRequest.builder().query("photosynthesis in plants")
                    .topK(2).similarityThreshold(cut).build());
            assertThat(above).extracting(Document::getId).containsExactly("b");
        }
    }

    @Test
    void dataSurvivesClosingAndReopeningTheStore() {
        try (LuceneVectorStore store = open()) {
            store.add(List.of(chunk("a", "Der Zug nach Lyon fährt um neun Uhr.", "de")));
        }
        try (LuceneVectorStore reopened = open()) {
            List<Document> results = reopened.similaritySearch(SearchRequest.builder().query("Zug nach Lyon").topK(5).build());
            assertThat(results).extracting(Document::getId).containsExactly("a");
            assertThat(results.get(0).getText()).isEqualTo("Der Zug nach Lyon fährt um neun Uhr.");
            assertThat(results.get(0).getMetadata()).containsEntry(ChunkMetadata.LANGUAGE, "de");
        }
    }

    @Test
    void addingAnExistingIdReplacesTheChunkInsteadOfDuplicatingIt() {
        try (LuceneVectorStore store = open()) {
            store.add(List.of(chunk("a", "first version", "en")));
            store.add(List.of(chunk("a", "second version", "en")));
            assertThat(store.index().size()).isEqualTo(1);
            assertThat(store.similaritySearch(SearchRequest.builder().query("version").topK(5).build()))
                    .extracting(Document::getText).containsExactly("second version");
        }
    }

    @Test
    void searchKeepsAnsweringWhileAnotherThreadAddsDocuments() throws Exception {
        try (LuceneVectorStore store = open()) {
            store.add(List.of(chunk("seed", "A lighthouse guides ships along the rocky coast.", "en")));
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    for (int batch = 0; batch < 10; batch++) {
                        List<Document> docs = new ArrayList<>();
                        for (int i = 0; i < 5; i++) {
                            docs.add(chunk("w" + batch + "-" + i, "Batch " + batch + " note " + i + " about harbour logistics.", "en"));
                        }
                        store.add(docs);
                    }
                } catch (Throwable t) {
                    failure.set(t);
                } finally {
                    writing.set(false);
                }
            });
            int searchesDuringWrites = 0;
            int lastSize = 0;
            while (writing.get()) {
                List<Document> results = store.similaritySearch(SearchRequest.builder().query("lighthouse on the coast").topK(1).build());
                assertThat(results).extracting(Document::getId).containsExactly("seed");
                int size = store.index().size();
                assertThat(size).isGreaterThanOrEqualTo(lastSize);
                lastSize = size;
                searchesDuringWrites++;
            }
            writer.join();
            assertThat(failure.get()).isNull();
            assertThat(searchesDuringWrites).isGreaterThan(1);
            assertThat(store.index().size()).isEqualTo(51);
        }
    }
}
