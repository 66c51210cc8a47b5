package dev.tramontane.engine.model;

import jdk.incubator.vector.FloatVector;

/** A {@link KvCache} in float32: exact, 4 bytes a value. Layer l's rows end to end in {@code keys[l]}. */
final class F32KvCache extends KvCache {

    private final float[][] keys;
    private final float[][] values;

    F32KvCache(ModelConfig config, int capacity) {
        super(config, capacity, KvCacheType.F32);
        keys = new float[layers][capacity * kvDim];
        values = new float[layers][capacity * kvDim];
    }

    @Override
    public void store(int layer, int position, float[] k, int kOffset, float[] v, int vOffset) {
        System.arraycopy(k, kOffset, keys[layer], position * kvDim, kvDim);
        System.arraycopy(v, vOffset, values[layer], position * kvDim, kvDim);
    }

    @Override
    public void keyScores(int layer, int kvHead, float[] q, int qOffset, int positions, float scale, float[] scores) {
        if (!KvVectors.ENABLED || headDim < KvVectors.L) {
            keyScoresScalar(layer, kvHead, q, qOffset, positions, scale, scores);
            return;
        }
        float[] k = keys[layer];
        int vectorEnd = headDim - headDim % KvVectors.L;
        for (int t = 0; t < positions; t++) {
            int row = t * kvDim + kvHead * headDim;
            FloatVector acc = FloatVector.zero(KvVectors.F);
            for (int i = 0; i < vectorEnd; i += KvVectors.L) {
                acc = FloatVector.fromArray(KvVectors.F, q, qOffset + i).fma(FloatVector.fromArray(KvVectors.F, k, row + i), acc);
            }
            float dot = KvVectors.sum(acc);
            for (int i = vectorEnd; i < headDim; i++) {
                dot += q[qOffset + i] * k[row + i];
            }
            scores[t] = dot * scale;
        }
    }

    void keyScoresScalar(int layer, int kvHead, float[] q, int qOffset, int positions, float scale, float[] scores) {
        float[] k = keys[layer];
        for (int t = 0; t < positions; t++) {
            int row = t * kvDim + kvHead * headDim;
            float dot = 0;
            for (int i = 0; i < headDim; i++) {
                dot += q[qOffset + i] * k[row + i];
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
        float[] v = values[layer];
        int vectorEnd = headDim - headDim % KvVectors.L;
        for (int t = 0; t < positions; t++) {
            int row = t * kvDim + kvHead * headDim;
            float w = weights[t];
            FloatVector wv = FloatVector.broadcast(KvVectors.F, w);
            for (int i = 0; i < vectorEnd; i += KvVectors.L) {
                FloatVector o = FloatVector.fromArray(KvVectors.F, out, outOffset + i);
                FloatVector.fromArray(KvVectors.F, v, row + i).fma(wv, o).intoArray(out, outOffset + i);
            }
            for (int i = vectorEnd; i < headDim; i++) {
                out[outOffset + i] = Math.fma(v[row + i], w, out[outOffset + i]);
            }
        }
    }

    void addWeightedValuesScalar(int layer, int kvHead, float[] weights, int positions, float[] out, int outOffset) {
        float[] v = values[layer];
        for (int t = 0; t < positions; t++) {
            int row = t * kvDim + kvHead * headDim;
            float w = weights[t];
            for (int i = 0; i < headDim; i++) {
                out[outOffset + i] += w * v[row + i];
            }
        }
    }

    @Override
    public void readKey(int layer, int position, float[] out) {
        System.arraycopy(keys[layer], position * kvDim, out, 0, kvDim);
    }

    @Override
    public void readValue(int layer, int position, float[] out) {
        System.arraycopy(values[layer], position * kvDim, out, 0, kvDim);
    }

    @Override
    void copyRows(KvCache target, int positions) {
        F32KvCache t = (F32KvCache) target;
        for (int l = 0; l < layers; l++) {
            System.arraycopy(keys[l], 0, t.keys[l], 0, positions * kvDim);
            System.arraycopy(values[l], 0, t.values[l], 0, positions * kvDim);
        }
    }
}
