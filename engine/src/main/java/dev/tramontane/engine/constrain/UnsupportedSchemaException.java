package dev.tramontane.engine.constrain;

/** A JSON Schema that constrained decoding cannot enforce or that admits no document; the message names the place and the fix. */
public final class UnsupportedSchemaException extends IllegalArgumentException {

    public UnsupportedSchemaException(String message) {
        super(message);
    }
}
