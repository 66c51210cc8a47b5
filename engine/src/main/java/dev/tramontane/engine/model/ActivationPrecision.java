package dev.tramontane.engine.model;

import java.util.Locale;

/**
 * How quantized weight matrices meet their activations. {@link #Q8} is llama.cpp's CPU choice and
 * the default: every input of a quantized product is rounded once to 8-bit blocks, and decoding
 * multiplies integers (faster, since decode is bound by arithmetic here), while batched prefill
 * multiplies the same rounded values as floats. {@link #F32} keeps activations in float end to
 * end: slower, and the logits of the float64 reference forward pass to float tolerance.
 */
public enum ActivationPrecision {
    Q8,
    F32;

    /** The system property that sets the default ({@code q8} or {@code f32}). */
    public static final String PROPERTY = "tramontane.activations";

    /** The precision {@link #PROPERTY} names, else {@link #Q8}. */
    public static ActivationPrecision fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        return value == null ? Q8 : parse(value);
    }

    /** {@code q8} or {@code f32}, any case. */
    public static ActivationPrecision parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("activation precision '" + value + "' is not one of q8, f32");
        }
    }
}
