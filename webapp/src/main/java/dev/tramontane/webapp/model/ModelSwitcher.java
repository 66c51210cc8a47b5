package dev.tramontane.webapp.model;

import dev.tramontane.webapp.ModelRuntime;
import dev.tramontane.webapp.ServedModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the served model while the app runs. A load runs in the background and reports its
 * progress on its {@link ModelLoadJob}; only one runs at a time. On success the new model goes into
 * service atomically (new chats and {@code /v1} requests use it at once), the choice is stored for the
 * next start, and the old model is <em>drained</em>: generations already running on it finish, and it
 * is closed (service stopped, file unmapped) once it has no lease and nothing running or queued. A
 * generation still running after the drain timeout is ended by the close with an error. On failure
 * the previous model, or retrieval-only mode, stays in service and the job carries the reason.
 */
public final class ModelSwitcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelSwitcher.class);
    /** How often a retired model is checked for idleness; it must look idle twice in a row. */
    private static final Duration DRAIN_POLL = Duration.ofMillis(200);

    private final ModelRuntime runtime;
    private final ModelSource loader;
    private final ModelChoiceFile choice;
    private final Duration drainTimeout;
    private final Set<ServedModel> draining = ConcurrentHashMap.newKeySet();
    private ModelLoadJob last;
    private volatile boolean closed;

    public ModelSwitcher(ModelRuntime runtime, ModelSource loader, ModelChoiceFile choice, Duration drainTimeout) {
        this.runtime = runtime;
        this.loader = loader;
        this.choice = choice;
        this.drainTimeout = drainTimeout;
    }

    /**
     * Starts loading {@code path} in the background.
     *
     * @throws ModelLoadBusyException when a load is already running
     */
    public synchronized ModelLoadJob load(Path path) {
        if (last != null && !last.finished()) {
            throw new ModelLoadBusyException(last);
        }
        ModelLoadJob job = new ModelLoadJob(UUID.randomUUID().toString(), path);
        last = job;
        Thread.ofPlatform().name("tramontane-model-load").daemon().start(() -> run(job));
        return job;
    }

    /** The running load, or the last one that finished. */
    public synchronized Optional<ModelLoadJob> lastJob() {
        return Optional.ofNullable(last);
    }

    /** Replaced models not yet closed because generations still run on them. */
    public int draining() {
        return draining.size();
    }

    private void run(ModelLoadJob job) {
        Path path = job.path();
        log.info("Loading model {} (requested at run time)", path);
        long start = System.nanoTime();
        ServedModel next;
        try {
            next = loader.load(path, job::update);
        } catch (RuntimeException | Error e) {
            // Errors too (out of memory, a native library that will not link): a job left unfinished
            // would refuse every later load as "a load is running".
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            log.warn("Model {} was not loaded: {}; the model in service stays", path, reason);
            runtime.reportFailure(path, reason);
            job.update(job.progress().failed(reason));
            return;
        }
        if (closed) {
            next.close(); // the app is shutting down
            job.update(job.progress().failed("the application is shutting down"));
            return;
        }
        ServedModel old = runtime.replace(next);
        log.info("Model {} is in service ({} ms)", next.status().name(), (System.nanoTime() - start) / 1_000_000);
        try {
            choice.write(path);
        } catch (RuntimeException e) {
            log.warn("{}; the next start will not choose this model by itself", e.getMessage());
        }
        job.update(ModelLoadProgress.at(ModelLoadStage.READY, 0, 0, next.status().name()));
        retire(old);
    }

    private void retire(ServedModel old) {
        if (old.inferenceService().isEmpty()) {
            old.close();
            return;
        }
        draining.add(old);
        Thread.ofPlatform().name("tramontane-model-drain").daemon().start(() -> {
            long deadline = System.nanoTime() + drainTimeout.toNanos();
            int idleChecks = 0;
            try {
                while (idleChecks < 2 && System.nanoTime() < deadline && !closed) {
                    idleChecks = old.idle() ? idleChecks + 1 : 0;
                    Thread.sleep(DRAIN_POLL);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (idleChecks < 2) {
                log.warn("Replaced model {} still had generations running after {} s; closing it ends them with an error",
                        old.status().name(), drainTimeout.toSeconds());
            }
            old.close();
            draining.remove(old);
            log.info("Replaced model {} closed and unmapped", old.status().name());
        });
    }

    /** Closes models still draining; the one in service is closed by {@link ModelRuntime#close()}. */
    @Override
    public void close() {
        closed = true;
        draining.forEach(ServedModel::close);
        draining.clear();
    }
}
