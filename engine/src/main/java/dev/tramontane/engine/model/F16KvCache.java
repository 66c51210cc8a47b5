package dev.tramontane.engine.model;

import jdk.incubator.vector.FloatVector;

/**
 * A {@link KvCache} in IEEE half precision, 2 bytes a value, llama.cpp's default. Stored with
 * {@code Float.floatToFloat16} (round to nearest even, as ggml's F16 conversion). The attention
 * loops widen one head row at a time into a per-thread float row with {@code Float.float16ToFloat}
 * (C2 turns that loop into F16C conversions), then run float lanes over it. Not a lane-wise
 * conversion in the Vector API: that needs {@code reinterpretAsFloats}, whose fallback (the code
 * that runs before C2 compiles it) loads the heap memory-segment class, and loading it in the
 * middle of the first token deoptimised every weight kernel compiled so far — measured: first
 * token on a 6 GB Q4_0 file 0.5–1 s slower than with an F32 cache. Layer l's rows end to end in
 * {@code keys[l]}.
 */
final class F16KvCache extends KvCache {

    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);

    private final short[][] keys;
    private final short[][] values;

    F16KvCache(ModelConfig config, int capacity) {
        super(config, capacity, KvCacheType.F16);
        keys = new short[layers][capacity * kvDim];
        values = new short[layers][capacity * kvDim];
    }

    @Override
    public void store(int layer, int position, float[] k, int kOffset, float[] v, int vOffset) {
        short[] kr = keys[layer];
        short[] vr = values[layer];
        int row = position * kvDim;
        for (int i = 0; i < kvDim; i++) {
            kr[row + i] = Float.floatToFloat16(k[kOffset + i]);
            vr[row + i] = Float.floatToFloat16(v[vOffset + i]);
        }
    }

    @Override
    public void keyScores(int layer, int kvHead, float[] q, int qOffset, int positions, float scale, float[] scores) {
        if (!KvVectors.ENABLED || headDim < KvVectors.L) {
            keyScoresScalar(layer, kvHead, q, qOffset, positions, scale, scores);
            return;
        }
        short[] k = keys[layer];
        float[] r = row();
        int vectorEnd = headDim - headDim % KvVectors.L;
        for (int t = 0; t < positions; t++) {
            widen(k, t * kvDim + kvHead * headDim, r);
            FloatVector acc = FloatVector.zero(KvVectors.F);
            for (int i = 0; i < vectorEnd; i += KvVectors.L) {
                acc = FloatVector.fromArray(KvVectors.F, q, qOffset + i).fma(FloatVector.fromArray(KvVectors.F, r, i), acc);
            }
            float dot = KvVectors.sum(acc);
            for (int i = vectorEnd; i < headDim; i++) {
                dot += q[qOffset + i] * r[i];
            }
            scores[t] = dot * scale;
        }
    }

    /** This thread's row of headDim floats. */
    private float[] row() {
        float[] r = ROW.get();
        if (r.length < headDim) {
            r = new float[headDim];
            ROW.set(r);
        }
        return r;
    }

    /** One head row of halves to floats: a loop C2 compiles to vector F16C conversions. */
    private void widen(short[] halves, int from, float[] row) {
        for (int i = 0; i < headDim; i++) {
            row[i] = Float.float16ToFloat(halves[from + i]);
        }
    }

    void keyScoresScalar(int layer, int kvHead, float[] q, int qOffset, int positions, float scale, float[] scores) {
        short[] k = keys[layer];
        for (int t = 0; t < positions; t++) {
            int row = t * kvDim + kvHead * headDim;
            float dot = 0;
            for (int i = 0; i < headDim; i++) {
                dot += q[qOffset + i] * Float.float16ToFloat(k[row + i]);
            }
            scores[t] = dot * scale;
        }
    }

    @Override
    public void addWeightedValues(int layer, int kvHead, float[] weights, int positions, float[] out, int outOffset) {
        if (!KvVectors.ENABLED || headDim < KvVectors.L) {
            addWeightedValuesScalar(layer, kvHead, weights, positions, out, outOffset);
            return;
        }
        short[] v = values[layer];
        float[] r = row();
        int vectorEnd = headDim - headDim % KvVectors.L;
        for (int t = 0; t < positions; t++) {
            widen(v, t * kvDim + kvHead * headDim, r);
            float w = weights[t];
            FloatVector wv = FloatVector.broadcast(KvVectors.F, w);
            for (int i = 0; i < vectorEnd; i += KvVectors.L) {
                FloatVector o = FloatVector.fromArray(KvVectors.F, out, outOffset + i);
                FloatVector.fromArray(KvVectors.F, r, i).fma(wv, o).intoArray(out, outOffset + i);
            }
            for (int i = vectorEnd; i < headDim; i++) {
                out[outOffset + i] = Math.fma(r[i], w, out[outOffset + i]);
            }
        }
    }

    void addWeightedValuesScalar(int layer, int kvHead, float[] weights, int positions, float[] out, int outOffset) {
        short[] v = values[layer];
        for (int t = 0; t < positions; t++) {
            int row = t * kvDim + kvHead * headDim;
            float w = weights[t];
            for (int i = 0; i < headDim; i++) {
                out[outOffset + i] += w * Float.float16ToFloat(v[row + i]);
            }
        }
    }

    @Override
    public void readKey(int layer, int position, float[] out) {
        read(keys[layer], position, out);
    }

    @Override
    public void readValue(int layer, int position, float[] out) {
        read(values[layer], position, out);
    }

    private void read(short[] rows, int position, float[] out) {
        for (int i = 0; i < kvDim; i++) {
            out[i] = Float.float16ToFloat(rows[position * kvDim + i]);
        }
    }

    @Override
    void copyRows(KvCache target, int positions) {
        F16KvCache t = (F16KvCache) target;
        for (int l = 0; l < layers; l++) {
            System.arraycopy(keys[l], 0, t.keys[l], 0, positions * kvDim);
            System.arraycopy(values[l], 0, t.values[l], 0, positions * kvDim);
        }
    }
}
