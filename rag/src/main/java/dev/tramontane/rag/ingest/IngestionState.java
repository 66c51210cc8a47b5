package dev.tramontane.rag.ingest;

/** Where a document is in its ingestion. INDEXED and FAILED are final. */
public enum IngestionState {
    /** Accepted and waiting for a worker. */
    QUEUED,
    /** Opening and parsing the file. */
    READING,
    /** Pages are being chunked, embedded and written to the index. */
    EMBEDDING,
    /** All chunks are searchable. */
    INDEXED,
    /** Stopped with an error; see {@link IngestionProgress#error()}. Other documents are unaffected. */
    FAILED;

    public boolean isFinal() {
        return this == INDEXED || this == FAILED;
    }
}
