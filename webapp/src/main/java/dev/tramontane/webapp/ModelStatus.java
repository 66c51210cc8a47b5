package dev.tramontane.webapp;

import java.nio.file.Path;

/**
 * Whether a model is loaded, shown on the home page and in the health endpoint.
 *
 * @param loaded whether generation is available
 * @param name   the model's name from its metadata, when loaded
 * @param path   the configured model file, or {@code null} when none was configured
 * @param error  why the configured model could not be loaded, or {@code null}
 */
public record ModelStatus(boolean loaded, String name, Path path, String error) {

    public static ModelStatus none() {
        return new ModelStatus(false, null, null, null);
    }

    public static ModelStatus failed(Path path, String error) {
        return new ModelStatus(false, null, path, error);
    }

    public static ModelStatus loaded(Path path, String name) {
        return new ModelStatus(true, name, path, null);
    }
}
