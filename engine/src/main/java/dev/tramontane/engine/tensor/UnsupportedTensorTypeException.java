package dev.tramontane.engine.tensor;

import dev.tramontane.engine.quant.GgmlType;

/** A tensor is stored in a GGML type Tramontane has no kernels for (e.g. the IQ family). */
public final class UnsupportedTensorTypeException extends IllegalArgumentException {

    private final GgmlType type;

    public UnsupportedTensorTypeException(String tensorName, GgmlType type) {
        super((tensorName != null ? "tensor " + tensorName + " has type " : "type ") + type + " (" + type.id()
                + "), which Tramontane does not support; supported: " + GgmlType.supportedNames()
                + ". Use a file quantized to one of those types.");
        this.type = type;
    }

    public GgmlType type() {
        return type;
    }
}
