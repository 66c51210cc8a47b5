package dev.tramontane.rag.ingest;

import java.nio.file.Path;
import java.util.Objects;

import dev.tramontane.rag.ingest.chunk.ChunkingSettings;

/**
 * @param dataDir        the application's data directory; ingestion keeps {@code ingest/jobs} (the journal)
 *                       and {@code ingest/sources} (copies of the uploads) under it
 * @param parallelism    documents ingested at the same time (each one page after page)
 * @param chunking       chunk size and overlap in tokens
 * @param batchSize      chunks handed to the vector store (and so to the embedding model) per call
 */
public record IngestionSettings(Path dataDir, int parallelism, ChunkingSettings chunking, int batchSize) {

    public IngestionSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(chunking, "chunking");
        if (parallelism < 1) {
            throw new IllegalArgumentException("ingestion parallelism must be at least 1, got " + parallelism);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("ingestion batch size must be at least 1, got " + batchSize);
        }
    }

    /** One document at a time (embedding already uses the cores), default chunking, batches of 32. */
    public static IngestionSettings defaults(Path dataDir) {
        return new IngestionSettings(dataDir, 1, ChunkingSettings.DEFAULT, 32);
    }
}
