package dev.tramontane.engine.model;

import dev.tramontane.engine.quant.Q8_0Block;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.FloatVector;

/**
 * A {@link KvCache} in GGML's Q8_0 blocks (see {@link Q8_0Block}: an fp16 scale, then 32 signed
 * bytes), 34 bytes per 32 values, quantized as llama.cpp quantizes its Q8_0 cache. Blocks lie along
 * each head (the head width must divide by 32), so a head's row is {@code headDim / 32} whole
 * blocks and a position's row {@code kvDim / 32}. The bytes are heap arrays seen as memory segments
 * so the block quantizer and the vector loads share one layout.
 */
final class Q8_0KvCache extends KvCache {

    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment[] keys;
    private final MemorySegment[] values;
    private final int rowBytes;
    private final int blocksPerHead;

    Q8_0KvCache(ModelConfig config, int capacity) {
        super(config, capacity, KvCacheType.Q8_0);
        rowBytes = kvDim / Q8_0Block.ELEMENTS * Q8_0Block.BYTES;
        blocksPerHead = headDim / Q8_0Block.ELEMENTS;
        keys = new MemorySegment[layers];
        values = new MemorySegment[layers];
        for (int l = 0; l < layers; l++) {
            keys[l] = MemorySegment.ofArray(new byte[capacity * rowBytes]);
            values[l] = MemorySegment.ofArray(new byte[capacity * rowBytes]);
        }
    }

    @Override
    public void store(int layer, int position, float[] k, int kOffset, float[] v, int vOffset) {
        long row = (long) position * rowBytes;
        for (int b = 0; b < kvDim / Q8_0Block.ELEMENTS; b++) {
            Q8_0Block.quantize(k, kOffset + b * Q8_0Block.ELEMENTS, keys[layer], row + (long) b * Q8_0Block.BYTES);
            Q8_0Block.quantize(v, vOffset + b * Q8_0Block.ELEMENTS, values[layer], row + (long) b * Q8_0Block.BYTES);
        }
    }

    private long headStart(int position, int kvHead) {
        return (long) position * rowBytes + (long) kvHead * blocksPerHead * Q8_0Block.BYTES;
    }

    private static float scale(MemorySegment s, long block) {
        return Float.float16ToFloat(s.get(HALF, block));
    }

    @Override
    public void keyScores(int layer, int kvHead, float[] q, int qOffset, int positions, float scale, float[] scores) {
        if (!KvVectors.ENABLED) {
            keyScoresScalar(layer, kvHead, q, qOffset, positions, scale, scores);
            return;
        }
        MemorySegment k = keys[layer];
        for (int t = 0; t < positions; t++) {
            long block = headStart(t, kvHead);
            FloatVector acc = FloatVector.zero(KvVectors.F);
            for (int b = 0; b < blocksPerHead; b++, block += Q8_0Block.BYTES) {
                FloatVector blockAcc = FloatVector.zero(KvVectors.F);
                int x = qOffset + b * Q8_0Block.ELEMENTS;
                for (int i = 0; i < Q8_0Block.ELEMENTS; i += KvVectors.L) {
                    blockAcc = FloatVector.fromArray(KvVectors.F, q, x + i).fma(KvVectors.bytes(k, block + 2 + i), blockAcc);
                }
                acc = blockAcc.fma(FloatVector.broadcast(KvVectors.F, scale(k, block)), acc);
            }
            scores[t] = KvVectors.sum(acc) * scale;
        }
    }

    void keyScoresScalar(int layer, int kvHead, float[] q, int qOffset, int positions, float scale, float[] scores) {
        MemorySegment k = keys[layer];
        for (int t = 0; t < positions; t++) {
            long block = headStart(t, kvHead);
            float dot = 0;
            for (int b = 0; b < blocksPerHead; b++, block += Q8_0Block.BYTES) {
                dot += Q8_0Block.dot(k, block, q, qOffset + b * Q8_0Block.ELEMENTS);
            }
            scores[t] = dot * scale;
        }
    }

    @Override
    public void addWeightedValues(int layer, int kvHead, float[] weights, int positions, float[] out, int outOffset) {
        if (!KvVectors.ENABLED) {
            addWeightedValuesScalar(layer, kvHead, weights, positions, out, outOffset);
            return;
        }
        MemorySegment v = values[layer];
        for (int t = 0; t < positions; t++) {
            long block = headStart(t, kvHead);
            for (int b = 0; b < blocksPerHead; b++, block += Q8_0Block.BYTES) {
                FloatVector w = FloatVector.broadcast(KvVectors.F, weights[t] * scale(v, block));
                int o = outOffset + b * Q8_0Block.ELEMENTS;
                for (int i = 0; i < Q8_0Block.ELEMENTS; i += KvVectors.L) {
                    KvVectors.bytes(v, block + 2 + i).fma(w, FloatVector.fromArray(KvVectors.F, out, o + i)).intoArray(out, o + i);
                }
            }
        }
    }

    void addWeightedValuesScalar(int layer, int kvHead, float[] weights, int positions, float[] out, int outOffset) {
        MemorySegment v = values[layer];
        for (int t = 0; t < positions; t++) {
            long block = headStart(t, kvHead);
            for (int b = 0; b < blocksPerHead; b++, block += Q8_0Block.BYTES) {
                float w = weights[t] * scale(v, block);
                int o = outOffset + b * Q8_0Block.ELEMENTS;
                for (int i = 0; i < Q8_0Block.ELEMENTS; i++) {
                    out[o + i] += w * v.get(ValueLayout.JAVA_BYTE, block + 2 + i);
                }
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

    private void read(MemorySegment rows, int position, float[] out) {
        for (int b = 0; b < kvDim / Q8_0Block.ELEMENTS; b++) {
            Q8_0Block.dequantize(rows, (long) position * rowBytes + (long) b * Q8_0Block.BYTES, out, b * Q8_0Block.ELEMENTS);
        }
    }

    @Override
    void copyRows(KvCache target, int positions) {
        Q8_0KvCache t = (Q8_0KvCache) target;
        long bytes = (long) positions * rowBytes;
        for (int l = 0; l < layers; l++) {
            t.keys[l].asSlice(0, bytes).copyFrom(keys[l].asSlice(0, bytes));
            t.values[l].asSlice(0, bytes).copyFrom(values[l].asSlice(0, bytes));
        }
    }
}
