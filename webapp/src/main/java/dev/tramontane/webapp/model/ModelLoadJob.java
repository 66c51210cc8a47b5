package dev.tramontane.webapp.model;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One model load running in the background: its file, its latest progress, and who listens. */
public final class ModelLoadJob {

    private static final Logger log = LoggerFactory.getLogger(ModelLoadJob.class);

    private final String id;
    private final Path path;
    private final Instant started = Instant.now();
    private final List<Consumer<ModelLoadProgress>> listeners = new CopyOnWriteArrayList<>();
    private volatile ModelLoadProgress progress = ModelLoadProgress.queued();

    ModelLoadJob(String id, Path path) {
        this.id = id;
        this.path = path;
    }

    public String id() {
        return id;
    }

    public Path path() {
        return path;
    }

    public Instant started() {
        return started;
    }

    public ModelLoadProgress progress() {
        return progress;
    }

    public boolean finished() {
        return progress.stage().finished();
    }

    /**
     * Hands {@code listener} the current progress at once, then every change until the job ends.
     *
     * @return call it to stop listening
     */
    public synchronized Runnable subscribe(Consumer<ModelLoadProgress> listener) {
        listeners.add(listener);
        ModelLoadProgress now = progress;
        deliver(listener, now);
        if (now.stage().finished()) {
            listeners.remove(listener);
        }
        return () -> listeners.remove(listener);
    }

    synchronized void update(ModelLoadProgress next) {
        progress = next;
        listeners.forEach(l -> deliver(l, next));
        if (next.stage().finished()) {
            listeners.clear();
        }
    }

    private void deliver(Consumer<ModelLoadProgress> listener, ModelLoadProgress p) {
        try {
            listener.accept(p);
        } catch (RuntimeException e) {
            log.debug("a model-load listener failed ({}); dropping it", e.toString());
            listeners.remove(listener);
        }
    }
}
