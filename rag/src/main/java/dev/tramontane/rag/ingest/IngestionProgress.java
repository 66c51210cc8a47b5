package dev.tramontane.rag.ingest;

/**
 * A snapshot of one document's ingestion, sent to {@link IngestionListener}s on every change and
 * answered by {@link IngestionService#status}.
 *
 * @param percent 0–100 by pages done; 100 only once INDEXED
 * @param error   what went wrong and what to do, when FAILED; otherwise null
 */
public record IngestionProgress(
        String documentId,
        String fileName,
        String collection,
        IngestionState state,
        int pagesDone,
        int pagesTotal,
        int chunksDone,
        int percent,
        String error) {}
