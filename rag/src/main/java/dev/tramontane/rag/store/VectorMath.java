package dev.tramontane.rag.store;

/** Vector helpers: the index stores unit vectors so that dot product equals cosine similarity. */
public final class VectorMath {

    private VectorMath() {}

    /** A unit-length copy of {@code vector}; a zero vector is returned unchanged (it has no direction). */
    public static float[] normalized(float[] vector) {
        double squares = 0;
        for (float v : vector) {
            squares += (double) v * v;
        }
        if (squares == 0) {
            return vector.clone();
        }
        float inverse = (float) (1.0 / Math.sqrt(squares));
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] * inverse;
        }
        return unit;
    }
}
