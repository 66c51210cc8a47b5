package dev.tramontane.engine.cli;

import dev.tramontane.engine.model.KvCacheType;
import dev.tramontane.engine.model.Model;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Loads a model, showing elapsed time on stderr once loading has taken more than a second. With
 * {@code warmUp} the kernels are warmed up ({@link Model#warmUp}) while another thread builds the
 * tokenizer; off by default, because on the (loaded) development machine it cost more than the
 * first token gained (docs/engine.md, "Warm-up").
 */
final class ModelLoading {

    private ModelLoading() {}

    static Model load(Path path, PrintStream err) throws IOException {
        return load(path, err, KvCacheType.DEFAULT, false);
    }

    static Model load(Path path, PrintStream err, KvCacheType kvType, boolean warmUp) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such model file");
        }
        long start = System.nanoTime();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-progress");
            t.setDaemon(true);
            return t;
        });
        long size = Files.size(path);
        ticker.scheduleAtFixedRate(() -> err.printf("\rloading %s (%s) … %d s", path.getFileName(), Sizes.bytes(size),
                (System.nanoTime() - start) / 1_000_000_000L), 1, 1, TimeUnit.SECONDS);
        try {
            Model model = Model.load(path);
            Thread tokenizer = Thread.ofPlatform().name("tokenizer-load").start(() -> {
                try {
                    model.tokenizer();
                } catch (RuntimeException e) {
                    // an unusable tokenizer is reported where it is used; commands that need none still run
                }
            });
            if (warmUp) {
                model.warmUp(kvType);
            }
            try {
                tokenizer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return model;
        } finally {
            ticker.shutdownNow();
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (millis >= 1000) {
                err.printf("\rloaded %s in %.1f s%n", path.getFileName(), millis / 1000.0);
            }
        }
    }
}
