package dev.tramontane.webapp.model;

import dev.tramontane.webapp.ServedModel;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Where {@link ModelSwitcher} gets a ready model from: {@link ModelLoader}, the engine's loader with progress. */
@FunctionalInterface
public interface ModelSource {

    /** @throws ModelLoadException naming the file and the problem */
    ServedModel load(Path path, Consumer<ModelLoadProgress> progress);
}
