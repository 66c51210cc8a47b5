package dev.tramontane.engine.gguf;

/**
 * A GGUF file (or a model inside one) that cannot be read as it is: truncated, corrupt, of an
 * unsupported version, or missing what the model needs. The message names the problem and, where
 * there is one, the fix. Unchecked so that the model layer can raise it while building weights;
 * plain I/O failures (file not found, permission) stay {@link java.io.IOException}s.
 */
public class GgufFormatException extends RuntimeException {

    public GgufFormatException(String message) {
        super(message);
    }

    public GgufFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
