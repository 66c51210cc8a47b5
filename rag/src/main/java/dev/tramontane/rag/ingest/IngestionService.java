package dev.tramontane.rag.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;

import dev.tramontane.rag.ChunkMetadata;
import dev.tramontane.rag.ingest.chunk.TokenCounter;
import dev.tramontane.rag.ingest.job.IngestionJob;
import dev.tramontane.rag.ingest.job.JobJournal;
import dev.tramontane.rag.ingest.job.JobRecord;
import dev.tramontane.rag.ingest.job.StoredUpload;
import dev.tramontane.rag.ingest.read.DocumentReaders;
import dev.tramontane.rag.language.LanguageDetector;

/**
 * Ingests uploads in the background: each {@link #submit} copies the upload into the data directory,
 * journals it and queues a job on a pool of {@link IngestionSettings#parallelism()} workers. Listeners hear
 * every progress change; {@link #status} and {@link #list} answer at any time.
 *
 * <ul>
 *   <li>Same content (SHA-256 of the bytes) already indexed in the same collection: nothing to do, the
 *       existing document's status is returned.</li>
 *   <li>Same document id with new content: the new version replaces the old one once it is indexed.</li>
 *   <li>A corrupt, empty or unknown upload ends its own job FAILED with a clear message; other jobs and
 *       documents are untouched.</li>
 *   <li>After a crash (kill -9) the journal still lists the unfinished jobs: a new service on the same data
 *       directory runs them again from the stored copy of their upload; a job interrupted
 *       {@value #MAX_ATTEMPTS} times is marked FAILED instead.</li>
 * </ul>
 *
 * <p>Data directory layout: {@code <dataDir>/ingest/jobs/*.json} (journal), {@code <dataDir>/ingest/sources/*}
 * (upload copies). The index itself is the {@link VectorStore}'s business.
 */
public final class IngestionService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngestionService.class);

    /** Runs of one job before it is given up (a document that crashes the process must not loop forever). */
    static final int MAX_ATTEMPTS = 3;

    private final IngestionSettings settings;
    private final VectorStore store;
    private final LanguageDetector languageDetector;
    private final TokenCounter tokenCounter;
    private final DocumentReaders readers = new DocumentReaders();
    private final JobJournal journal;
    private final ExecutorService workers;
    private final List<IngestionListener> listeners = new CopyOnWriteArrayList<>();
    /** Latest record per document id; guarded by {@code this} for writes that must stay consistent. */
    private final Map<String, JobRecord> records = new ConcurrentHashMap<>();
    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> documentLocks = new ConcurrentHashMap<>();
    private final AtomicBoolean closing = new AtomicBoolean();

    public IngestionService(IngestionSettings settings, VectorStore store, LanguageDetector languageDetector,
            TokenCounter tokenCounter) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = Objects.requireNonNull(store, "store");
        this.languageDetector = Objects.requireNonNull(languageDetector, "languageDetector");
        this.tokenCounter = Objects.requireNonNull(tokenCounter, "tokenCounter");
        this.journal = new JobJournal(settings.dataDir().resolve("ingest"));
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(settings.parallelism(), task -> {
            Thread thread = new Thread(task, "ingest-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        recoverJournal();
    }

    /**
     * Accepts an upload: copies it, journals it and queues its ingestion. Returns at once with the job's
     * first status (QUEUED), or the status of the document that already holds the same content.
     */
    public IngestionProgress submit(IngestionRequest request) throws IOException {
        if (closing.get()) {
            throw new IllegalStateException("the ingestion service is shut down; no new uploads are accepted");
        }
        StoredUpload upload = StoredUpload.copy(request.file(), journal.sourcesDirectory());
        String documentId = request.documentId() != null ? request.documentId()
                : UUID.nameUUIDFromBytes((request.collection() + '\u0000' + request.fileName())
                        .getBytes(StandardCharsets.UTF_8)).toString();
        JobRecord record;
        synchronized (this) {
            Optional<JobRecord> same = records.values().stream()
                    .filter(r -> r.collection().equals(request.collection()) && r.contentHash().equals(upload.contentHash())
                            && r.state() != IngestionState.FAILED)
                    .findFirst();
            if (same.isPresent()) {
                upload.discard();
                return same.get().toProgress();
            }
            record = new JobRecord(documentId, UUID.randomUUID().toString(), request.fileName(), request.collection(),
                    request.title(), upload.contentHash(), JobJournal.sourceFileName(documentId, request.fileName()),
                    IngestionState.QUEUED, 0, 0, 0, null, 0, System.currentTimeMillis());
            upload.moveTo(journal.source(record));
            JobRecord previous = records.put(documentId, record);
            journal.write(record);
            if (previous != null && !previous.sourceFile().equals(record.sourceFile())) {
                // A new version under another extension: the old copy is no longer needed (a superseded
                // job still reading it keeps its open file until it stops).
                Files.deleteIfExists(journal.source(previous));
            }
        }
        publish(record);
        schedule(record);
        return record.toProgress();
    }

    public Optional<IngestionProgress> status(String documentId) {
        return Optional.ofNullable(records.get(documentId)).map(JobRecord::toProgress);
    }

    /** Every known document, most recently changed first. */
    public List<IngestionProgress> list() {
        return records.values().stream().sorted(Comparator.comparingLong(JobRecord::updatedAtMillis).reversed())
                .map(JobRecord::toProgress).toList();
    }

    /** The documents of one collection, most recently changed first. */
    public List<IngestionProgress> list(String collection) {
        return list().stream().filter(p -> p.collection().equals(collection)).toList();
    }

    /**
     * Removes a document: stops its job if one runs, deletes all its chunks from the store, its journal entry
     * and its stored upload. Returns false when the id is unknown.
     */
    public boolean delete(String documentId) {
        JobRecord removed;
        synchronized (this) {
            removed = records.remove(documentId);
        }
        if (removed == null) {
            return false;
        }
        ReentrantLock lock = lockOf(documentId);
        lock.lock(); // waits for a running job to notice it was superseded and stop
        try {
            FilterExpressionBuilder b = new FilterExpressionBuilder();
            store.delete(b.eq(ChunkMetadata.DOCUMENT_ID, documentId).build());
            synchronized (this) {
                if (!records.containsKey(documentId)) {
                    journal.delete(removed);
                }
            }
        } finally {
            lock.unlock();
        }
        return true;
    }

    public void addListener(IngestionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(IngestionListener listener) {
        listeners.remove(listener);
    }

    /** Waits until no job is queued or running; false if {@code timeout} passed first. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records.values().stream().anyMatch(r -> !r.state().isFinal()) || running.values().stream().anyMatch(f -> !f.isDone())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /**
     * Stops the workers. A job that is running stops after its current page and stays in the journal
     * unfinished, so the next service on this data directory resumes it.
     */
    @Override
    public void close() {
        closing.set(true);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("ingestion workers did not stop within 30 s; unfinished jobs resume at the next start");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void recoverJournal() {
        for (JobRecord stored : journal.recover()) {
            JobRecord record = stored;
            if (!record.state().isFinal()) {
                if (!Files.exists(journal.source(record))) {
                    record = record.failed("ingestion of '" + record.fileName() + "' was interrupted and its stored copy"
                            + " is missing from " + journal.sourcesDirectory() + "; upload it again");
                } else if (record.attempts() >= MAX_ATTEMPTS) {
                    record = record.failed("ingestion of '" + record.fileName() + "' was interrupted " + record.attempts()
                            + " times (the process stopped each time); giving up — check the file and upload it again");
                } else {
                    record = record.requeued();
                    log.info("resuming interrupted ingestion of {} ({})", record.fileName(), record.documentId());
                }
                journal.write(record);
            }
            records.put(record.documentId(), record);
            if (record.state() == IngestionState.QUEUED) {
                schedule(record);
            }
        }
    }

    private void schedule(JobRecord record) {
        running.put(record.documentId(), workers.submit(() -> runJob(record)));
    }

    private void runJob(JobRecord queued) {
        ReentrantLock lock = lockOf(queued.documentId());
        lock.lock(); // one run per document at a time; a superseded run finishes its page first
        try {
            if (isStale(queued) || closing.get()) {
                return;
            }
            JobRecord started = queued.attempts() == 0 ? queued.requeued() : queued;
            update(started);
            IngestionJob job = new IngestionJob(started, journal.source(started), readers, settings.chunking(),
                    tokenCounter, languageDetector, store, settings.batchSize(), this::update,
                    () -> closing.get() || isStale(started));
            job.run();
        } catch (IngestionJob.Interrupted stopped) {
            log.info("ingestion of {} ({}) stopped before the end", queued.fileName(), queued.documentId());
            if (!closing.get()) {
                // Superseded by a new version or deleted: its partial chunks must not linger. On shutdown
                // they stay, and the resumed run replaces them.
                FilterExpressionBuilder b = new FilterExpressionBuilder();
                store.delete(b.and(b.eq(ChunkMetadata.DOCUMENT_ID, queued.documentId()),
                        b.eq(ChunkMetadata.CONTENT_HASH, queued.contentHash())).build());
            }
        } catch (RuntimeException e) {
            log.error("ingestion of {} ({}) failed unexpectedly", queued.fileName(), queued.documentId(), e);
            update(queued.failed("ingestion of '" + queued.fileName() + "' failed: " + e));
        } finally {
            lock.unlock();
        }
    }

    /** Journals and publishes a job's new record, unless the job was superseded or its document deleted. */
    private void update(JobRecord record) {
        synchronized (this) {
            if (isStale(record)) {
                return;
            }
            records.put(record.documentId(), record);
            journal.write(record);
        }
        publish(record);
    }

    private boolean isStale(JobRecord record) {
        JobRecord current = records.get(record.documentId());
        return current == null || !current.jobId().equals(record.jobId());
    }

    private ReentrantLock lockOf(String documentId) {
        return documentLocks.computeIfAbsent(documentId, id -> new ReentrantLock());
    }

    private void publish(JobRecord record) {
        IngestionProgress progress = record.toProgress();
        for (IngestionListener listener : listeners) {
            try {
                listener.onProgress(progress);
            } catch (RuntimeException e) {
                log.warn("ingestion listener {} failed on {}; ignored", listener, progress, e);
            }
        }
    }
}
