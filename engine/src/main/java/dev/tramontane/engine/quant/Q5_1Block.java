package dev.tramontane.engine.quant;

import java.lang.foreign.MemorySegment;

/**
 * GGML's {@code block_q5_1}: 32 weights as 5-bit unsigned quants with an fp16 scale and minimum.
 *
 * <pre>
 * offset  size  field
 *      0     2  d       fp16 scale
 *      2     2  m       fp16 minimum
 *      4     4  qh      uint32 (little-endian): bit i = 5th bit of the quant of weight i
 *      8    16  qs[16]  byte j: low nibble = low 4 bits of weight j, high nibble = of weight j+16
 *     24        (total)
 * weight i = q_i * d + m
 * </pre>
 */
public final class Q5_1Block {

    public static final int ELEMENTS = 32;
    public static final int BYTES = 24;

    private Q5_1Block() {}

    public static void dequantize(MemorySegment block, long offset, float[] out, int outOffset) {
        float d = LittleEndian.f16(block, offset);
        float m = LittleEndian.f16(block, offset + 2);
        int qh = LittleEndian.i32(block, offset + 4);
        for (int j = 0; j < 16; j++) {
            int q = LittleEndian.u8(block, offset + 8 + j);
            int q0 = (q & 0x0F) | (((qh >>> j) & 1) << 4);
            int q1 = (q >>> 4) | (((qh >>> (j + 16)) & 1) << 4);
            out[outOffset + j] = q0 * d + m;
            out[outOffset + j + 16] = q1 * d + m;
        }
    }

    public static float dot(MemorySegment block, long offset, float[] x, int xOffset) {
        float d = LittleEndian.f16(block, offset);
        float m = LittleEndian.f16(block, offset + 2);
        int qh = LittleEndian.i32(block, offset + 4);
        float sum = 0f;
        for (int j = 0; j < 16; j++) {
            int q = LittleEndian.u8(block, offset + 8 + j);
            int q0 = (q & 0x0F) | (((qh >>> j) & 1) << 4);
            int q1 = (q >>> 4) | (((qh >>> (j + 16)) & 1) << 4);
            sum += (q0 * d + m) * x[xOffset + j] + (q1 * d + m) * x[xOffset + j + 16];
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
        float d = (max - min) / 31f;
        float id = d != 0f ? 1f / d : 0f;
        LittleEndian.putF16(block, offset, d);
        LittleEndian.putF16(block, offset + 2, min);
        int qh = 0;
        for (int j = 0; j < 16; j++) {
            int q0 = Math.min(31, (int) ((x[xOffset + j] - min) * id + 0.5f));
            int q1 = Math.min(31, (int) ((x[xOffset + j + 16] - min) * id + 0.5f));
            LittleEndian.putU8(block, offset + 8 + j, (q0 & 0x0F) | ((q1 & 0x0F) << 4));
            qh |= ((q0 >>> 4) & 1) << j;
            qh |= ((q1 >>> 4) & 1) << (j + 16);
        }
        block.set(LittleEndian.INT, offset + 4, qh);
    }

    /** Integer dot product with Q8_1 block {@code b}: (d·d_x)·Σ q·q_x + m·s_x. */
    public static float dotQ8(MemorySegment block, long offset, Q8Activations x, int b) {
        int qh = LittleEndian.i32(block, offset + 4);
        int sum = 0;
        for (int j = 0; j < 16; j++) {
            int q = LittleEndian.u8(block, offset + 8 + j);
            int q0 = (q & 0x0F) | (((qh >>> j) & 1) << 4);
            int q1 = (q >>> 4) | (((qh >>> (j + 16)) & 1) << 4);
            sum += q0 * x.q[32 * b + j] + q1 * x.q[32 * b + j + 16];
        }
        return sum * (LittleEndian.f16(block, offset) * x.d0[b]) + LittleEndian.f16(block, offset + 2) * x.s1[b];
    }
}
