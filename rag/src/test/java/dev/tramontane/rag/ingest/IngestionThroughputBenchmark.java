package dev.tramontane.rag.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import dev.tramontane.rag.TestEmbeddings;
import dev.tramontane.rag.ingest.chunk.ApproximateTokenCounter;
import dev.tramontane.rag.ingest.chunk.ChunkingSettings;
import dev.tramontane.rag.ingest.chunk.StructureAwareChunker;
import dev.tramontane.rag.ingest.read.DocumentReaders;
import dev.tramontane.rag.ingest.read.PageSource;
import dev.tramontane.rag.ingest.read.PageText;
import dev.tramontane.rag.store.LuceneVectorStore;

/**
 * Measures ingestion throughput (pages per minute) on a generated PDF with the default settings and the
 * bundled embedding model; the figures go to docs/retrieval.md. A measurement, not a regular test, so it
 * runs only when asked:
 * {@code ./mvnw -B -q -pl rag test -Dtest=IngestionThroughputBenchmark -Dtramontane.bench=true [-Dtramontane.bench.pages=300]}
 */
@EnabledIfSystemProperty(named = "tramontane.bench", matches = "true")
class IngestionThroughputBenchmark {

    @TempDir
    Path dir;

    @Test
    void measuresPagesPerMinute() throws Exception {
        int pages = Integer.getInteger("tramontane.bench.pages", 300);
        // About 2,900 characters (some 450 words) per page, a typical page of prose.
        Path pdf = TestPdfs.write(dir.resolve("bench.pdf"), pages, n -> new TestPdfs.Page("Chapter " + n,
                IntStream.range(0, 30).mapToObj(i -> "On page " + n + ", line " + i
                        + " tells how the harbour master records tides, winds and every ship in port.").toList()));

        long readStart = System.nanoTime();
        int chunks = 0;
        StructureAwareChunker chunker = new StructureAwareChunker(ChunkingSettings.DEFAULT, new ApproximateTokenCounter());
        try (PageSource source = new DocumentReaders().open(pdf, "bench.pdf")) {
            for (Optional<PageText> page = source.nextPage(); page.isPresent(); page = source.nextPage()) {
                chunks += chunker.chunk(page.get()).size();
            }
        }
        double readSeconds = (System.nanoTime() - readStart) / 1e9;

        LuceneVectorStore store = IngestionTestSupport.store(TestEmbeddings.bundled(), dir);
        IngestionTestSupport.languageDetector().detect("warm up the language models before timing");
        try (IngestionService service = new IngestionService(IngestionSettings.defaults(dir), store,
                IngestionTestSupport.languageDetector(), new ApproximateTokenCounter())) {
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            String id = service.submit(IngestionRequest.of(pdf, "bench")).documentId();
            assertThat(service.awaitIdle(Duration.ofMinutes(30))).isTrue();
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
            IngestionProgress done = service.status(id).orElseThrow();
            assertThat(done.state()).isEqualTo(IngestionState.INDEXED);
            System.out.printf("BENCH pages=%d chunks=%d cores=%d%n", pages, done.chunksDone(),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("BENCH read+chunk only: %.1f s, %.0f pages/min (%d chunks)%n", readSeconds, pages * 60 / readSeconds, chunks);
            System.out.printf("BENCH full ingestion: %.1f s, %.0f pages/min, %.1f chunks/s%n", seconds, pages * 60 / seconds,
                    done.chunksDone() / seconds);
            System.out.printf("BENCH full ingestion CPU time: %.1f s, %.0f pages per CPU-minute%n", cpuSeconds, pages * 60 / cpuSeconds);
            System.out.printf("BENCH load average during run: %.1f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            store.close();
        }
    }
}
