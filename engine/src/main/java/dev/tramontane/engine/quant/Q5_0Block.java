package dev.tramontane.engine.quant;

import java.lang.foreign.MemorySegment;

/**
 * GGML's {@code block_q5_0}: 32 weights as 5-bit unsigned quants around 16, one fp16 scale.
 *
 * <pre>
 * offset  size  field
 *      0     2  d       fp16 scale
 *      2     4  qh      uint32 (little-endian): bit i = 5th bit of the quant of weight i
 *      6    16  qs[16]  byte j: low nibble = low 4 bits of weight j, high nibble = of weight j+16
 *     22        (total)
 * weight i = (q_i - 16) * d
 * </pre>
 */
public final class Q5_0Block {

    public static final int ELEMENTS = 32;
    public static final int BYTES = 22;

    private Q5_0Block() {}

    public static void dequantize(MemorySegment block, long offset, float[] out, int outOffset) {
        float d = LittleEndian.f16(block, offset);
        int qh = LittleEndian.i32(block, offset + 2);
        for (int j = 0; j < 16; j++) {
            int q = LittleEndian.u8(block, offset + 6 + j);
            int q0 = (q & 0x0F) | (((qh >>> j) & 1) << 4);
            int q1 = (q >>> 4) | (((qh >>> (j + 16)) & 1) << 4);
            out[outOffset + j] = (q0 - 16) * d;
            out[outOffset + j + 16] = (q1 - 16) * d;
        }
    }

    public static float dot(MemorySegment block, long offset, float[] x, int xOffset) {
        int qh = LittleEndian.i32(block, offset + 2);
        float sum = 0f;
        for (int j = 0; j < 16; j++) {
            int q = LittleEndian.u8(block, offset + 6 + j);
            int q0 = (q & 0x0F) | (((qh >>> j) & 1) << 4);
            int q1 = (q >>> 4) | (((qh >>> (j + 16)) & 1) << 4);
            sum += (q0 - 16) * x[xOffset + j] + (q1 - 16) * x[xOffset + j + 16];
        }
        return sum * LittleEndian.f16(block, offset);
    }

    public static void quantize(float[] x, int xOffset, MemorySegment block, long offset) {
        float amax = 0f;
        float max = 0f;
        for (int i = 0; i < ELEMENTS; i++) {
            float v = x[xOffset + i];
            if (Math.abs(v) > amax) {
                amax = Math.abs(v);
                max = v;
            }
        }
        float d = max / -16f;
        float id = d != 0f ? 1f / d : 0f;
        LittleEndian.putF16(block, offset, d);
        int qh = 0;
        for (int j = 0; j < 16; j++) {
            int q0 = Math.min(31, (int) (x[xOffset + j] * id + 16.5f));
            int q1 = Math.min(31, (int) (x[xOffset + j + 16] * id + 16.5f));
            LittleEndian.putU8(block, offset + 6 + j, (q0 & 0x0F) | ((q1 & 0x0F) << 4));
            qh |= ((q0 >>> 4) & 1) << j;
            qh |= ((q1 >>> 4) & 1) << (j + 16);
        }
        block.set(LittleEndian.INT, offset + 2, qh);
    }

    /** Integer dot product with Q8_0 block {@code b}: (d·d_x)·Σ (q − 16)·q_x. */
    public static float dotQ8(MemorySegment block, long offset, Q8Activations x, int b) {
        int qh = LittleEndian.i32(block, offset + 2);
        int sum = 0;
        for (int j = 0; j < 16; j++) {
            int q = LittleEndian.u8(block, offset + 6 + j);
            int q0 = (q & 0x0F) | (((qh >>> j) & 1) << 4);
            int q1 = (q >>> 4) | (((qh >>> (j + 16)) & 1) << 4);
            sum += (q0 - 16) * x.q[32 * b + j] + (q1 - 16) * x.q[32 * b + j + 16];
        }
        return sum * (LittleEndian.f16(block, offset) * x.d0[b]);
    }
}
