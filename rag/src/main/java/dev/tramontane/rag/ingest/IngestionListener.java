package dev.tramontane.rag.ingest;

/**
 * Receives every progress change of every document (the webapp bridges these to server-sent events).
 * Called on the ingestion worker thread: return quickly and do not block. Exceptions are logged and
 * ignored so that a broken listener cannot fail an ingestion.
 */
@FunctionalInterface
public interface IngestionListener {

    void onProgress(IngestionProgress progress);
}
