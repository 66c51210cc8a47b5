package dev.tramontane.rag.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;

import dev.tramontane.rag.TestEmbeddings;
import dev.tramontane.rag.ingest.job.JobJournal;
import dev.tramontane.rag.ingest.job.JobRecord;
import dev.tramontane.rag.store.LuceneVectorStore;

/** What a service finds in the journal at start-up, and stopping jobs that are running. */
class IngestionRecoveryTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path uploads;

    LuceneVectorStore store;

    @BeforeEach
    void open() {
        store = IngestionTestSupport.store(TestEmbeddings.bundled(), dataDir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void unfinishedJobsWithoutTheirStoredCopyOrInterruptedThreeTimesFailCleanlyAtStartUp() throws Exception {
        JobJournal journal = new JobJournal(dataDir.resolve("ingest"));
        journal.write(record("lost", "lost.txt", IngestionState.EMBEDDING, 1));
        journal.write(record("crashy", "crashy.txt", IngestionState.READING, IngestionService.MAX_ATTEMPTS));
        Files.writeString(journal.sourcesDirectory().resolve(JobJournal.sourceFileName("crashy", "crashy.txt")), "text");
        journal.write(record("fine", "fine.txt", IngestionState.EMBEDDING, 1));
        Files.writeString(journal.sourcesDirectory().resolve(JobJournal.sourceFileName("fine", "fine.txt")),
                "The harbour opens at dawn.");
        Files.writeString(dataDir.resolve("ingest/jobs/garbled.json"), "{ not json");
        Files.writeString(dataDir.resolve("ingest/jobs/job-123.tmp"), "{\"half\":");

        try (IngestionService service = IngestionTestSupport.service(dataDir, store, 1)) {
            assertThat(service.awaitIdle(Duration.ofSeconds(60))).isTrue();

            assertThat(service.status("lost").orElseThrow().error()).contains("stored copy is missing");
            assertThat(service.status("crashy").orElseThrow().error()).contains("interrupted 3 times");
            assertThat(service.status("fine").orElseThrow().state()).isEqualTo(IngestionState.INDEXED);
            assertThat(chunksOf("fine")).extracting(Document::getText).containsExactly("The harbour opens at dawn.");
        }
        assertThat(dataDir.resolve("ingest/jobs/garbled.json.corrupt")).exists();
        assertThat(dataDir.resolve("ingest/jobs/job-123.tmp")).doesNotExist();
    }

    @Test
    void deletingADocumentWhileItIsBeingIngestedStopsTheJobAndLeavesNoChunks() throws Exception {
        Path pdf = TestPdfs.write(uploads.resolve("long.pdf"), 40, n -> new TestPdfs.Page("Part " + n, TestPdfs.sentences(n, 5)));
        try (IngestionService service = new IngestionService(new IngestionSettings(dataDir, 1,
                IngestionSettings.defaults(dataDir).chunking(), 2), store, IngestionTestSupport.languageDetector(),
                new dev.tramontane.rag.ingest.chunk.ApproximateTokenCounter())) {
            String id = service.submit(IngestionRequest.of(pdf, "work")).documentId();
            waitUntil(() -> service.status(id).map(p -> p.pagesDone() >= 3).orElse(false));

            assertThat(service.delete(id)).isTrue();
            assertThat(service.awaitIdle(Duration.ofSeconds(60))).isTrue();

            assertThat(service.status(id)).isEmpty();
            assertThat(chunksOf(id)).isEmpty();
            assertThat(new JobJournal(dataDir.resolve("ingest")).readAll()).isEmpty();
        }
    }

    @Test
    void aNewVersionSubmittedMidwaySupersedesTheRunningJob() throws Exception {
        Path upload = uploads.resolve("manual.pdf");
        TestPdfs.write(upload, 40, n -> new TestPdfs.Page("Old " + n, TestPdfs.sentences(n, 5)));
        try (IngestionService service = new IngestionService(new IngestionSettings(dataDir, 1,
                IngestionSettings.defaults(dataDir).chunking(), 2), store, IngestionTestSupport.languageDetector(),
                new dev.tramontane.rag.ingest.chunk.ApproximateTokenCounter())) {
            String id = service.submit(IngestionRequest.of(upload, "work")).documentId();
            waitUntil(() -> service.status(id).map(p -> p.pagesDone() >= 3).orElse(false));

            TestPdfs.write(upload, 2, n -> new TestPdfs.Page("New " + n, List.of("Revised page " + n + ".")));
            assertThat(service.submit(IngestionRequest.of(upload, "work")).documentId()).isEqualTo(id);
            assertThat(service.awaitIdle(Duration.ofSeconds(60))).isTrue();

            assertThat(service.status(id).orElseThrow().state()).isEqualTo(IngestionState.INDEXED);
            assertThat(chunksOf(id)).extracting(Document::getText)
                    .containsExactlyInAnyOrder("New 1\n\nRevised page 1.", "New 2\n\nRevised page 2.");
        }
    }

    @Test
    void theOldVersionStaysSearchableUntilTheNewOneIsIndexed() throws Exception {
        Path v1 = Files.writeString(uploads.resolve("manual.txt"), "Version one: the harbour closes at dusk.");
        Path v2 = TestPdfs.write(uploads.resolve("manual.pdf"), 30, n -> new TestPdfs.Page("Part " + n, TestPdfs.sentences(n, 5)));
        try (IngestionService service = new IngestionService(new IngestionSettings(dataDir, 1,
                IngestionSettings.defaults(dataDir).chunking(), 2), store, IngestionTestSupport.languageDetector(),
                new dev.tramontane.rag.ingest.chunk.ApproximateTokenCounter())) {
            service.submit(new IngestionRequest(v1, "manual.txt", "work", "manual", null));
            assertThat(service.awaitIdle(Duration.ofSeconds(60))).isTrue();

            service.submit(new IngestionRequest(v2, "manual.pdf", "work", "manual", null));
            waitUntil(() -> service.status("manual").map(p -> p.pagesDone() >= 3).orElse(false));
            assertThat(chunksOf("manual")).extracting(Document::getText).contains("Version one: the harbour closes at dusk.");

            assertThat(service.awaitIdle(Duration.ofSeconds(60))).isTrue();
            assertThat(chunksOf("manual")).hasSize(service.status("manual").orElseThrow().chunksDone())
                    .extracting(Document::getText).doesNotContain("Version one: the harbour closes at dusk.");
            try (var sources = Files.list(dataDir.resolve("ingest/sources"))) {
                assertThat(sources.map(f -> f.getFileName().toString())).containsExactly("manual.pdf");
            }
        }
    }

    private static JobRecord record(String id, String fileName, IngestionState state, int attempts) {
        return new JobRecord(id, "job-" + id, fileName, "work", null, "hash-" + id,
                JobJournal.sourceFileName(id, fileName), state, 0, 1, 0, null, attempts, System.currentTimeMillis());
    }

    private List<Document> chunksOf(String documentId) {
        return IngestionTestSupport.search(store, "harbour", "document_id == '" + documentId + "'", 10_000);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 60 s");
            }
            Thread.sleep(5);
        }
    }
}
