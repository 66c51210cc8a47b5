package dev.tramontane.engine.cli;

import dev.tramontane.engine.model.KernelWarmUp;
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
 * Loads a model, showing elapsed time on stderr once loading has taken more than a second, and
 * starts the kernel warm-up ({@link Model#warmUpInBackground}) while another thread builds the
 * tokenizer.
 */
final class ModelLoading {

    /** When the kernels are warmed up (docs/engine.md, "Warm-up"). */
    enum WarmUp {
        /** On a background thread, overlapping the tokenizer and the first token. */
        BACKGROUND,
        /** Before the model is returned, so the first token starts with compiled kernels. */
        WAIT,
        /** Not at all: the kernels compile while the first tokens run. */
        OFF;

        /** BACKGROUND under the launcher's JIT flags, where it pays; OFF without them, where it cost time. */
        static WarmUp byDefault() {
            return KernelWarmUp.jitFlagsPresent() ? BACKGROUND : OFF;
        }
    }

    private ModelLoading() {}

    static Model load(Path path, PrintStream err) throws IOException {
        return load(path, err, KvCacheType.DEFAULT, WarmUp.byDefault(), false);
    }

    /** Loads {@code path}, repacks its weights when {@code repack} ({@link Model#repack}), and starts {@code warmUp}. */
    static Model load(Path path, PrintStream err, KvCacheType kvType, WarmUp warmUp, boolean repack) throws IOException {
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
            if (repack) {
                try {
                    model.repack();
                } catch (RuntimeException e) {
                    model.close();
                    throw e;
                }
            }
            switch (warmUp) {
                case BACKGROUND -> model.warmUpInBackground(kvType);
                case WAIT -> model.warmUp(kvType);
                case OFF -> { }
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
