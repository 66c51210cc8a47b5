package dev.tramontane.engine.serve;

import dev.tramontane.engine.Fixtures;
import dev.tramontane.engine.model.ExpertLayout;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.model.SyntheticModel;
import dev.tramontane.engine.quant.GgmlType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Models the serving tests run on: one the project writes itself (no fixtures needed) and the stories260K fixture. */
final class TestModels {

    private TestModels() {}

    /** A random-weight Mixtral (dim 256, 2 layers, 4 experts top-2, 64-token vocabulary, context 128). */
    static Model synthetic(Path dir) {
        try {
            Path file = dir.resolve("serve-tiny-mixtral.gguf");
            SyntheticModel.write(file, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, GgmlType.F32, 20261127));
            return Model.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The trained tiny Llama of llama2.c (skips the test when the fixtures are absent). */
    static Model stories() {
        try {
            return Model.load(Fixtures.require("models/stories260K.gguf"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A listener that holds the scheduler thread when its request is admitted, until {@link #open()}: while it
     * waits, nothing else is admitted or stepped, so a test can line requests up deterministically.
     */
    static final class Gate implements GenerationListener {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch open = new CountDownLatch(1);

        @Override
        public void onStart(int cachedPromptTokens) {
            reached.countDown();
            try {
                if (!open.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitReached() throws InterruptedException {
            if (!reached.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the gated request was never admitted");
            }
        }

        void open() {
            open.countDown();
        }
    }
}
