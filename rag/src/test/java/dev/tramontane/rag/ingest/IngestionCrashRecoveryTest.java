package dev.tramontane.rag.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.transformers.TransformersEmbeddingModel;

import dev.tramontane.rag.ChunkMetadata;
import dev.tramontane.rag.TestEmbeddings;
import dev.tramontane.rag.ingest.job.JobJournal;
import dev.tramontane.rag.ingest.job.JobRecord;
import dev.tramontane.rag.store.LuceneVectorStore;

/**
 * kill -9 during ingestion: a child JVM ingests a long PDF and is killed with {@code destroyForcibly()}
 * half-way; a fresh service on the same data directory must resume the job from the journal and leave
 * every chunk exactly once in the index.
 */
class IngestionCrashRecoveryTest {

    private static final int PAGES = 24;

    @TempDir
    Path dataDir;

    @TempDir
    Path uploads;

    @Test
    void aJobKilledMidwayIsResumedByTheNextServiceAndLeavesNoDuplicateChunks() throws Exception {
        Path pdf = TestPdfs.write(uploads.resolve("long.pdf"), PAGES,
                n -> new TestPdfs.Page("Part " + n, TestPdfs.sentences(n, 5)));

        Process child = new ProcessBuilder(javaBinary(), "-cp", testClasspath(), "-Xmx512m",
                IngestionCrashDriver.class.getName(), dataDir.toString(), pdf.toString(), "4")
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("child.log").toFile()).start();
        JobRecord atKill;
        try {
            atKill = waitForProgress(child, 6);
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(atKill.state()).as("killed while embedding").isEqualTo(dev.tramontane.rag.ingest.IngestionState.EMBEDDING);
        assertThat(atKill.pagesDone()).isBetween(6, PAGES - 1);
        JobRecord journalled = onlyRecord();
        assertThat(journalled.state().isFinal()).as("journal after the kill: %s", journalled).isFalse();

        TransformersEmbeddingModel embeddings = TestEmbeddings.bundled();
        try (LuceneVectorStore store = IngestionTestSupport.store(embeddings, dataDir)) {
            List<Document> survivors = chunksOf(store, journalled.documentId());
            assertThat(survivors).as("the index opens and holds whole committed batches").hasSizeGreaterThanOrEqualTo(4);

            IngestionService service = IngestionTestSupport.service(dataDir, store, 1);
            try {
                assertThat(service.awaitIdle(Duration.ofSeconds(120))).isTrue();
                IngestionProgress done = service.status(journalled.documentId()).orElseThrow();
                assertThat(done.state()).isEqualTo(IngestionState.INDEXED);
                assertThat(done.pagesDone()).isEqualTo(PAGES);
                assertThat(onlyRecord().attempts()).isEqualTo(2);

                List<Document> chunks = chunksOf(store, journalled.documentId());
                assertThat(chunks).hasSize(done.chunksDone());
                assertThat(chunks).extracting(c -> ((Number) c.getMetadata().get(ChunkMetadata.CHUNK_INDEX)).intValue())
                        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, chunks.size()).boxed().toList());
                assertThat(chunks).extracting(c -> ((Number) c.getMetadata().get(ChunkMetadata.PAGE)).intValue())
                        .containsAll(IntStream.rangeClosed(1, PAGES).boxed().toList());
                assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.getText())
                        .contains("Page " + chunk.getMetadata().get(ChunkMetadata.PAGE) + " line"));
            } finally {
                service.close();
            }
        }
    }

    /** Polls the child's journal until its job has done {@code pages} pages; fails if the child dies first. */
    private JobRecord waitForProgress(Process child, int pages) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError("the child JVM ended before it could be killed: " + Files.readString(dataDir.resolve("child.log")));
            }
            if (Files.isDirectory(dataDir.resolve("ingest/jobs"))) {
                List<JobRecord> records = new JobJournal(dataDir.resolve("ingest")).readAll();
                if (!records.isEmpty() && records.getFirst().pagesDone() >= pages) {
                    return records.getFirst();
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the child made no progress in 120 s: " + Files.readString(dataDir.resolve("child.log")));
    }

    private JobRecord onlyRecord() {
        List<JobRecord> records = new JobJournal(dataDir.resolve("ingest")).readAll();
        assertThat(records).hasSize(1);
        return records.getFirst();
    }

    private static List<Document> chunksOf(LuceneVectorStore store, String documentId) {
        return new ArrayList<>(IngestionTestSupport.search(store, "harbour", "document_id == '" + documentId + "'", 10_000));
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Surefire hands the real class path in a property; java.class.path may be its manifest-only jar. */
    static String testClasspath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    static String pathSeparator() {
        return File.pathSeparator;
    }
}
