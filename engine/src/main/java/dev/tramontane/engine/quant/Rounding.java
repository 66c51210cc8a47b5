package dev.tramontane.engine.quant;

/** The rounding GGML's quantizers use: C's {@code roundf}, ties away from zero (Java's Math.round ties up). */
public final class Rounding {

    private Rounding() {}

    public static int roundHalfAway(float v) {
        return v >= 0f ? (int) Math.floor(v + 0.5f) : -(int) Math.floor(-v + 0.5f);
    }
}
