package dev.tramontane.rag.ingest.job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;

import dev.tramontane.rag.ChunkMetadata;
import dev.tramontane.rag.ingest.IngestionState;
import dev.tramontane.rag.ingest.chunk.ChunkingSettings;
import dev.tramontane.rag.ingest.chunk.StructureAwareChunker;
import dev.tramontane.rag.ingest.chunk.TextChunk;
import dev.tramontane.rag.ingest.chunk.TokenCounter;
import dev.tramontane.rag.ingest.read.DocumentReaders;
import dev.tramontane.rag.ingest.read.PageSource;
import dev.tramontane.rag.ingest.read.PageText;
import dev.tramontane.rag.ingest.read.UnreadableDocumentException;
import dev.tramontane.rag.language.LanguageDetector;

/**
 * One run of one document: read page by page, chunk, detect each chunk's language, and write the chunks to
 * the vector store in batches (the store embeds them). Only one page and one batch are in memory at a time.
 *
 * <p>Re-running is safe: chunk ids depend on document, content hash and position, leftovers of an
 * interrupted run with the same content are removed first, and chunks of older versions of the document
 * are removed only once the new version is fully indexed, so search never loses the document meanwhile.
 */
public final class IngestionJob {

    private static final Logger log = LoggerFactory.getLogger(IngestionJob.class);

    /** Receives each new state of the job's record (to journal it and tell listeners). */
    @FunctionalInterface
    public interface ProgressSink {
        void update(JobRecord record);
    }

    /** The job was stopped (document deleted or superseded, or the service is shutting down). */
    public static final class Interrupted extends RuntimeException {
        Interrupted() {
            super(null, null, false, false);
        }
    }

    private final Path source;
    private final DocumentReaders readers;
    private final ChunkingSettings chunking;
    private final TokenCounter tokenCounter;
    private final LanguageDetector languageDetector;
    private final VectorStore store;
    private final int batchSize;
    private final ProgressSink sink;
    private final BooleanSupplier stopRequested;
    private JobRecord record;

    public IngestionJob(JobRecord record, Path source, DocumentReaders readers, ChunkingSettings chunking,
            TokenCounter tokenCounter, LanguageDetector languageDetector, VectorStore store, int batchSize,
            ProgressSink sink, BooleanSupplier stopRequested) {
        this.record = record;
        this.source = source;
        this.readers = readers;
        this.chunking = chunking;
        this.tokenCounter = tokenCounter;
        this.languageDetector = languageDetector;
        this.store = store;
        this.batchSize = batchSize;
        this.sink = sink;
        this.stopRequested = stopRequested;
    }

    /**
     * Runs the job to INDEXED or FAILED and returns the final record.
     *
     * @throws Interrupted when stopped on request; the record is left as it was last reported
     */
    public JobRecord run() {
        report(record.withState(IngestionState.READING));
        try (PageSource pages = readers.open(source, record.fileName())) {
            String title = record.title() != null ? record.title() : pages.title().orElse(record.fileName());
            report(record.withTitle(title).withProgress(0, pages.pageCount(), 0).withState(IngestionState.EMBEDDING));
            store.delete(thisVersion());
            StructureAwareChunker chunker = new StructureAwareChunker(chunking, tokenCounter);
            List<Document> batch = new ArrayList<>(batchSize);
            int pagesDone = 0;
            int chunksDone = 0;
            for (Optional<PageText> page = pages.nextPage(); page.isPresent(); page = pages.nextPage()) {
                checkNotStopped();
                for (TextChunk chunk : chunker.chunk(page.get())) {
                    batch.add(ChunkDocuments.toDocument(record, chunk, languageDetector.detect(chunk.text())));
                    if (batch.size() >= batchSize) {
                        store.add(batch);
                        chunksDone += batch.size();
                        batch = new ArrayList<>(batchSize);
                    }
                }
                pagesDone++;
                report(record.withProgress(pagesDone, pages.pageCount(), chunksDone));
            }
            if (!batch.isEmpty()) {
                checkNotStopped();
                store.add(batch);
                chunksDone += batch.size();
            }
            if (chunksDone == 0) {
                throw new UnreadableDocumentException("file '" + record.fileName() + "' contains no text to index"
                        + (record.fileName().toLowerCase().endsWith(".pdf")
                                ? " (a scanned PDF holds only images: run it through OCR first, then upload it again)"
                                : "; upload a document that has text"));
            }
            store.delete(olderVersions());
            report(record.withProgress(pagesDone, pages.pageCount(), chunksDone).withState(IngestionState.INDEXED));
            return record;
        } catch (Interrupted e) {
            throw e;
        } catch (UnreadableDocumentException e) {
            return fail(e.getMessage());
        } catch (Exception e) {
            log.warn("ingestion of {} ({}) failed", record.fileName(), record.documentId(), e);
            return fail("indexing '" + record.fileName() + "' failed after " + record.pagesDone() + " of "
                    + record.pagesTotal() + " pages: " + e + "; upload it again, and report the problem if it persists");
        }
    }

    private JobRecord fail(String message) {
        try {
            store.delete(thisVersion());
        } catch (RuntimeException cleanup) {
            log.warn("could not remove the partial chunks of {} ({})", record.fileName(), record.documentId(), cleanup);
        }
        report(record.failed(message));
        return record;
    }

    private void checkNotStopped() {
        if (stopRequested.getAsBoolean()) {
            throw new Interrupted();
        }
    }

    private void report(JobRecord next) {
        record = next;
        sink.update(next);
    }

    private Filter.Expression thisVersion() {
        FilterExpressionBuilder b = new FilterExpressionBuilder();
        return b.and(b.eq(ChunkMetadata.DOCUMENT_ID, record.documentId()),
                b.eq(ChunkMetadata.CONTENT_HASH, record.contentHash())).build();
    }

    private Filter.Expression olderVersions() {
        FilterExpressionBuilder b = new FilterExpressionBuilder();
        return b.and(b.eq(ChunkMetadata.DOCUMENT_ID, record.documentId()),
                b.ne(ChunkMetadata.CONTENT_HASH, record.contentHash())).build();
    }
}
