package dev.tramontane.rag.ingest.job;

import dev.tramontane.rag.ingest.IngestionProgress;
import dev.tramontane.rag.ingest.IngestionState;

/**
 * What the journal keeps about one document's latest ingestion, enough to resume it after a crash: the
 * stored copy of its source, its content hash, and how far it got.
 *
 * @param jobId      identifies one submission; progress from an older, superseded job is ignored
 * @param sourceFile name of the upload's copy in the journal's {@code sources} directory
 * @param attempts   how many times a run of this job started (a job that keeps killing the process is
 *                   given up instead of resumed forever)
 */
public record JobRecord(
        String documentId,
        String jobId,
        String fileName,
        String collection,
        String title,
        String contentHash,
        String sourceFile,
        IngestionState state,
        int pagesDone,
        int pagesTotal,
        int chunksDone,
        String error,
        int attempts,
        long updatedAtMillis) {

    public JobRecord withState(IngestionState newState) {
        return new JobRecord(documentId, jobId, fileName, collection, title, contentHash, sourceFile, newState,
                pagesDone, pagesTotal, chunksDone, error, attempts, System.currentTimeMillis());
    }

    public JobRecord withTitle(String newTitle) {
        return new JobRecord(documentId, jobId, fileName, collection, newTitle, contentHash, sourceFile, state,
                pagesDone, pagesTotal, chunksDone, error, attempts, System.currentTimeMillis());
    }

    public JobRecord withProgress(int newPagesDone, int newPagesTotal, int newChunksDone) {
        return new JobRecord(documentId, jobId, fileName, collection, title, contentHash, sourceFile, state,
                newPagesDone, newPagesTotal, newChunksDone, error, attempts, System.currentTimeMillis());
    }

    public JobRecord failed(String message) {
        return new JobRecord(documentId, jobId, fileName, collection, title, contentHash, sourceFile,
                IngestionState.FAILED, pagesDone, pagesTotal, chunksDone, message, attempts, System.currentTimeMillis());
    }

    /** Back to QUEUED for another run from the start: counters reset, one more attempt. */
    public JobRecord requeued() {
        return new JobRecord(documentId, jobId, fileName, collection, title, contentHash, sourceFile,
                IngestionState.QUEUED, 0, pagesTotal, 0, null, attempts + 1, System.currentTimeMillis());
    }

    public IngestionProgress toProgress() {
        int percent = state == IngestionState.INDEXED ? 100
                : pagesTotal > 0 ? Math.min(99, (int) (100L * pagesDone / pagesTotal)) : 0;
        return new IngestionProgress(documentId, fileName, collection, state, pagesDone, pagesTotal, chunksDone,
                percent, error);
    }
}
