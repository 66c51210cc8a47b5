package dev.tramontane.rag.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.transformers.TransformersEmbeddingModel;

import dev.tramontane.rag.ChunkMetadata;
import dev.tramontane.rag.TestEmbeddings;
import dev.tramontane.rag.ingest.read.DocumentReaders;
import dev.tramontane.rag.ingest.read.PageSource;
import dev.tramontane.rag.ingest.read.PageText;
import dev.tramontane.rag.store.LuceneVectorStore;

/** The ingestion service end to end: real readers, chunker, embedding model and Lucene store on a temp dir. */
class IngestionServiceTest {

    static TransformersEmbeddingModel embeddings;

    @TempDir
    Path dataDir;

    @TempDir
    Path uploads;

    LuceneVectorStore store;
    IngestionService service;
    final List<IngestionProgress> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void loadModel() {
        embeddings = TestEmbeddings.bundled();
    }

    @BeforeEach
    void open() {
        store = IngestionTestSupport.store(embeddings, dataDir);
        service = IngestionTestSupport.service(dataDir, store, 2);
        service.addListener(events::add);
    }

    @AfterEach
    void close() {
        service.close();
        store.close();
    }

    @Test
    void progressEventsClimbToOneHundredPercentAndIndexedAndCitationsPointAtTheExactPage() throws Exception {
        Path pdf = TestPdfs.write(uploads.resolve("harbour.pdf"), 3, n -> new TestPdfs.Page("Chapter " + n,
                n == 3 ? List.of("The lighthouse keeper feeds the gulls at noon.") : TestPdfs.sentences(n, 4)));

        IngestionProgress queued = service.submit(IngestionRequest.of(pdf, "work"));
        assertThat(service.awaitIdle(Duration.ofSeconds(60))).isTrue();

        assertThat(queued.state()).isEqualTo(IngestionState.QUEUED);
        List<IngestionProgress> mine = events.stream().filter(e -> e.documentId().equals(queued.documentId())).toList();
        assertThat(mine).extracting(IngestionProgress::state)
                .startsWith(IngestionState.QUEUED).contains(IngestionState.READING, IngestionState.EMBEDDING)
                .endsWith(IngestionState.INDEXED);
        assertThat(mine).extracting(IngestionProgress::percent).isSorted();
        IngestionProgress done = mine.getLast();
        assertThat(done.percent()).isEqualTo(100);
        assertThat(done.pagesDone()).isEqualTo(3);
        assertThat(done.pagesTotal()).isEqualTo(3);
        assertThat(done.chunksDone()).isEqualTo(chunksOf(queued.documentId()).size());
        assertThat(service.status(queued.documentId())).contains(done);

        Document hit = IngestionTestSupport.search(store, "who feeds the gulls?", "document_id == '" + queued.documentId() + "'", 1).getFirst();
        assertThat(hit.getMetadata()).containsEntry(ChunkMetadata.PAGE, 3).containsEntry(ChunkMetadata.COLLECTION, "work")
                .containsEntry(ChunkMetadata.SOURCE, "harbour.pdf").containsEntry("section", "Chapter 3")
                .containsEntry(ChunkMetadata.TITLE, "Test document of 3 pages");
        assertThat(hit.getText()).contains("The lighthouse keeper feeds the gulls at noon.");
        PageText page3 = page(pdf, 3);
        int start = ((Number) hit.getMetadata().get(ChunkMetadata.START_OFFSET)).intValue();
        int end = ((Number) hit.getMetadata().get(ChunkMetadata.END_OFFSET)).intValue();
        assertThat(page3.text().substring(start, end)).isEqualTo(hit.getText());
    }

    @Test
    void everyChunkCarriesAllMetadataKeysAndChunkIndexesAreUnique() throws Exception {
        Path text = Files.writeString(uploads.resolve("notes.md"), "# Tides\n\n" + String.join(" ", TestPdfs.sentences(1, 40)));
        String id = service.submit(IngestionRequest.of(text, "work")).documentId();
        assertThat(service.awaitIdle(Duration.ofSeconds(60))).isTrue();

        List<Document> chunks = chunksOf(id);
        assertThat(chunks).hasSizeGreaterThan(2);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.getMetadata()).containsKeys(ChunkMetadata.ALL_KEYS.toArray(String[]::new)));
        assertThat(chunks).extracting(chunk -> ((Number) chunk.getMetadata().get(ChunkMetadata.CHUNK_INDEX)).intValue())
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, chunks.size()).boxed().toList());
    }

    @Test
    void reingestingTheSameContentChangesNothing() throws Exception {
        Path first = Files.writeString(uploads.resolve("a.txt"), String.join(" ", TestPdfs.sentences(7, 20)));
        Path copy = Files.copy(first, uploads.resolve("a-copy.txt"));
        IngestionProgress original = service.submit(IngestionRequest.of(first, "work"));
        assertThat(service.awaitIdle(Duration.ofSeconds(60))).isTrue();
        List<Document> before = chunksOf(original.documentId());

        IngestionProgress again = service.submit(IngestionRequest.of(copy, "work"));
        assertThat(service.awaitIdle(Duration.ofSeconds(60))).isTrue();

        assertThat(again.documentId()).isEqualTo(original.documentId());
        assertThat(again.state()).isEqualTo(IngestionState.INDEXED);
        assertThat(service.list()).hasSize(1);
        assertThat(chunksOf(original.documentId())).extracting(Document::getId)
                .containsExactlyInAnyOrderElementsOf(before.stream().map(Document::getId).toList());
    }

    @Test
    void aNewVersionOfTheSameDocumentReplacesAllOfItsOldChunks() throws Exception {
        Path upload = uploads.resolve("report.txt");
        Files.writeString(upload, "Old version. The budget for dredging the harbour was four million euros. "
                + String.join(" ", TestPdfs.sentences(1, 30)));
        String id = service.submit(IngestionRequest.of(upload, "work")).documentId();
        assertThat(service.awaitIdle(Duration.ofSeconds(60))).isTrue();
        String oldHash = (String) chunksOf(id).getFirst().getMetadata().get(ChunkMetadata.CONTENT_HASH);

        Files.writeString(upload, "New version. The ferry timetable changes in spring.");
        assertThat(service.submit(IngestionRequest.of(upload, "work")).documentId()).isEqualTo(id);
        assertThat(service.awaitIdle(Duration.ofSeconds(60))).isTrue();

        List<Document> chunks = chunksOf(id);
        assertThat(chunks).hasSize(1);
        assertThat(chunks.getFirst().getText()).isEqualTo("New version. The ferry timetable changes in spring.");
        assertThat(chunks.getFirst().getMetadata().get(ChunkMetadata.CONTENT_HASH)).isNotEqualTo(oldHash);
        assertThat(service.status(id)).get().extracting(IngestionProgress::chunksDone).isEqualTo(1);
    }

    @Test
    void deletingADocumentRemovesAllItsChunksItsStatusAndItsStoredCopy() throws Exception {
        Path keep = Files.writeString(uploads.resolve("keep.txt"), "The ferry leaves at seven every morning.");
        Path drop = Files.writeString(uploads.resolve("drop.txt"), String.join(" ", TestPdfs.sentences(3, 30)));
        String kept = service.submit(IngestionRequest.of(keep, "work")).documentId();
        String dropped = service.submit(IngestionRequest.of(drop, "work")).documentId();
        assertThat(service.awaitIdle(Duration.ofSeconds(60))).isTrue();
        assertThat(chunksOf(dropped)).isNotEmpty();

        assertThat(service.delete(dropped)).isTrue();

        assertThat(chunksOf(dropped)).isEmpty();
        assertThat(chunksOf(kept)).hasSize(1);
        assertThat(service.status(dropped)).isEmpty();
        assertThat(service.list()).extracting(IngestionProgress::documentId).containsExactly(kept);
        try (var sources = Files.list(dataDir.resolve("ingest/sources"))) {
            assertThat(sources.map(p -> p.getFileName().toString())).hasSize(1).noneMatch(name -> name.startsWith(dropped));
        }
        assertThat(service.delete(dropped)).isFalse();
    }

    @Test
    void corruptEmptyBinaryAndUnknownUploadsFailWithClearMessagesWhileAGoodOneIsIndexed() throws Exception {
        Path good = Files.writeString(uploads.resolve("good.txt"), "Tide tables are printed every Monday.");
        Path pdf = TestPdfs.write(uploads.resolve("full.pdf"), 3, n -> new TestPdfs.Page(null, TestPdfs.sentences(n, 5)));
        byte[] bytes = Files.readAllBytes(pdf);
        Path truncated = Files.write(uploads.resolve("cut.pdf"), Arrays.copyOf(bytes, bytes.length / 2));
        byte[] noise = new byte[2048];
        new java.util.Random(1).nextBytes(noise);
        Path binary = Files.write(uploads.resolve("image.txt"), noise);
        Path empty = Files.write(uploads.resolve("empty.md"), new byte[0]);
        Path unknown = Files.writeString(uploads.resolve("sheet.xlsx"), "not really");

        String goodId = service.submit(IngestionRequest.of(good, "work")).documentId();
        String cutId = service.submit(IngestionRequest.of(truncated, "work")).documentId();
        String binaryId = service.submit(IngestionRequest.of(binary, "work")).documentId();
        String emptyId = service.submit(IngestionRequest.of(empty, "work")).documentId();
        String unknownId = service.submit(IngestionRequest.of(unknown, "work")).documentId();
        assertThat(service.awaitIdle(Duration.ofSeconds(60))).isTrue();

        assertThat(service.status(goodId)).get().extracting(IngestionProgress::state).isEqualTo(IngestionState.INDEXED);
        assertThat(chunksOf(goodId)).hasSize(1);
        assertFailed(cutId, "'cut.pdf' is truncated");
        assertFailed(binaryId, "'image.txt' is binary");
        assertFailed(emptyId, "'empty.md' is empty");
        assertFailed(unknownId, "'sheet.xlsx' has a type Tramontane does not read");
        for (String failed : List.of(cutId, binaryId, emptyId, unknownId)) {
            assertThat(chunksOf(failed)).isEmpty();
        }
    }

    @Test
    void collectionsKeepWorkspacesApart() throws Exception {
        Path a = Files.writeString(uploads.resolve("a.txt"), "Harbour cranes lift containers.");
        Path b = Files.writeString(uploads.resolve("b.txt"), "Harbour cranes lift timber.");
        service.submit(IngestionRequest.of(a, "alpha"));
        service.submit(IngestionRequest.of(b, "beta"));
        assertThat(service.awaitIdle(Duration.ofSeconds(60))).isTrue();

        List<Document> alpha = IngestionTestSupport.search(store, "harbour cranes", "collection == 'alpha'", 10);
        assertThat(alpha).extracting(Document::getText).containsExactly("Harbour cranes lift containers.");
        assertThat(service.list("beta")).extracting(IngestionProgress::fileName).containsExactly("b.txt");
    }

    @Test
    void eachChunkIsTaggedWithTheLanguageItIsWrittenIn() throws Exception {
        Path md = Files.writeString(uploads.resolve("mix.md"), """
                # Marées

                La marée monte deux fois par jour et les bateaux attendent la pleine mer pour entrer au port.

                # Gezeiten

                Die Flut kommt zweimal am Tag, und die Schiffe warten auf das Hochwasser, um in den Hafen einzulaufen.

                # Mareas

                La marea sube dos veces al día y los barcos esperan la pleamar para entrar en el puerto.
                """);
        String id = service.submit(IngestionRequest.of(md, "work")).documentId();
        assertThat(service.awaitIdle(Duration.ofSeconds(60))).isTrue();

        assertThat(chunksOf(id)).extracting(chunk -> chunk.getMetadata().get("section") + "=" + chunk.getMetadata().get(ChunkMetadata.LANGUAGE))
                .containsExactlyInAnyOrder("Marées=fr", "Gezeiten=de", "Mareas=es");
    }

    private void assertFailed(String documentId, String message) {
        IngestionProgress progress = service.status(documentId).orElseThrow();
        assertThat(progress.state()).isEqualTo(IngestionState.FAILED);
        assertThat(progress.error()).contains(message);
    }

    private List<Document> chunksOf(String documentId) {
        return IngestionTestSupport.search(store, "harbour", "document_id == '" + documentId + "'", 10_000);
    }

    private static PageText page(Path file, int number) throws IOException {
        try (PageSource source = new DocumentReaders().open(file, file.getFileName().toString())) {
            for (Optional<PageText> page = source.nextPage(); page.isPresent(); page = source.nextPage()) {
                if (page.get().pageNumber() == number) {
                    return page.get();
                }
            }
        }
        throw new AssertionError("no page " + number + " in " + file);
    }
}
