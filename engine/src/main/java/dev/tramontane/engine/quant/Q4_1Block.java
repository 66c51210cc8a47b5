package dev.tramontane.engine.quant;

import java.lang.foreign.MemorySegment;

/**
 * GGML's {@code block_q4_1}: 32 weights as 4-bit unsigned quants with an fp16 scale and minimum.
 *
 * <pre>
 * offset  size  field
 *      0     2  d       fp16 scale
 *      2     2  m       fp16 minimum
 *      4    16  qs[16]  byte j: low nibble = quant of weight j, high nibble = quant of weight j+16
 *     20        (total)
 * weight i = q_i * d + m
 * </pre>
 */
public final class Q4_1Block {

    public static final int ELEMENTS = 32;
    public static final int BYTES = 20;

    private Q4_1Block() {}

    public static void dequantize(MemorySegment block, long offset, float[] out, int outOffset) {
        float d = LittleEndian.f16(block, offset);
        float m = LittleEndian.f16(block, offset + 2);
        for (int j = 0; j < 16; j++) {
            int q = LittleEndian.u8(block, offset + 4 + j);
            out[outOffset + j] = (q & 0x0F) * d + m;
            out[outOffset + j + 16] = (q >>> 4) * d + m;
        }
    }

    public static float dot(MemorySegment block, long offset, float[] x, int xOffset) {
        float d = LittleEndian.f16(block, offset);
        float m = LittleEndian.f16(block, offset + 2);
        float sum = 0f;
        for (int j = 0; j < 16; j++) {
            int q = LittleEndian.u8(block, offset + 4 + j);
            sum += ((q & 0x0F) * d + m) * x[xOffset + j] + ((q >>> 4) * d + m) * x[xOffset + j + 16];
        }
        return sum;
    }

    public static void quantize(float[] x, int xOffset, MemorySegment block, long offset) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < ELEMENTS; i++) {
            min = Math.min(min, x[xOffset + i]);
            max = Math.max(max, x[xOffset + i]);
        }
        float d = (max - min) / 15f;
        float id = d != 0f ? 1f / d : 0f;
        LittleEndian.putF16(block, offset, d);
        LittleEndian.putF16(block, offset + 2, min);
        for (int j = 0; j < 16; j++) {
            int q0 = Math.min(15, (int) ((x[xOffset + j] - min) * id + 0.5f));
            int q1 = Math.min(15, (int) ((x[xOffset + j + 16] - min) * id + 0.5f));
            LittleEndian.putU8(block, offset + 4 + j, q0 | (q1 << 4));
        }
    }

    /** Integer dot product with Q8_1 block {@code b}: (d·d_x)·Σ q·q_x + m·s_x (s_x = d_x·Σ q_x). */
    public static float dotQ8(MemorySegment block, long offset, Q8Activations x, int b) {
        int sum = 0;
        for (int j = 0; j < 16; j++) {
            int q = LittleEndian.u8(block, offset + 4 + j);
            sum += (q & 0x0F) * x.q[32 * b + j] + (q >>> 4) * x.q[32 * b + j + 16];
        }
        return sum * (LittleEndian.f16(block, offset) * x.d0[b]) + LittleEndian.f16(block, offset + 2) * x.s1[b];
    }
}
