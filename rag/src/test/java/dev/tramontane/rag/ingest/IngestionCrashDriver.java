package dev.tramontane.rag.ingest;

import java.nio.file.Path;

import org.springframework.ai.transformers.TransformersEmbeddingModel;

import dev.tramontane.rag.ingest.chunk.ApproximateTokenCounter;
import dev.tramontane.rag.store.LuceneVectorStore;

/**
 * Runs in a child JVM for {@link IngestionCrashRecoveryTest}: starts the real ingestion service on a data
 * directory, submits one document and keeps ingesting until the test kills the process.
 * Arguments: data directory, file to ingest, chunks per batch.
 */
public final class IngestionCrashDriver {

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Path file = Path.of(args[1]);
        int batchSize = Integer.parseInt(args[2]);
        TransformersEmbeddingModel embeddings = IngestionTestSupport.embeddings(dataDir.resolve("onnx-cache"));
        LuceneVectorStore store = IngestionTestSupport.store(embeddings, dataDir);
        IngestionSettings defaults = IngestionSettings.defaults(dataDir);
        IngestionService service = new IngestionService(new IngestionSettings(dataDir, 1, defaults.chunking(), batchSize),
                store, IngestionTestSupport.languageDetector(), new ApproximateTokenCounter());
        IngestionProgress queued = service.submit(IngestionRequest.of(file, "crash"));
        System.out.println("SUBMITTED " + queued.documentId());
        System.out.flush();
        service.awaitIdle(java.time.Duration.ofMinutes(10));
        System.out.println("FINISHED " + service.status(queued.documentId()).orElseThrow());
    }
}
