package dev.tramontane.webapp.model;

/** A model file that cannot be served; the message names the file, the problem and the fix. */
public class ModelLoadException extends RuntimeException {

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
