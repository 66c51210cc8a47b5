package dev.tramontane.engine.quant;

import java.lang.foreign.MemorySegment;

/**
 * GGML's {@code block_q4_0}: 32 weights as 4-bit unsigned quants around 8, one fp16 scale.
 *
 * <pre>
 * offset  size  field
 *      0     2  d       fp16 scale
 *      2    16  qs[16]  byte j: low nibble = quant of weight j, high nibble = quant of weight j+16
 *     18        (total)
 * weight i = (q_i - 8) * d
 * </pre>
 *
 * The quantizer (GGML's reference) takes the value of largest magnitude {@code max}, sets
 * {@code d = max / -8} so that value maps exactly to quant 0, and truncates {@code x/d + 8.5}.
 */
public final class Q4_0Block {

    public static final int ELEMENTS = 32;
    public static final int BYTES = 18;

    private Q4_0Block() {}

    public static void dequantize(MemorySegment block, long offset, float[] out, int outOffset) {
        float d = LittleEndian.f16(block, offset);
        for (int j = 0; j < 16; j++) {
            int q = LittleEndian.u8(block, offset + 2 + j);
            out[outOffset + j] = ((q & 0x0F) - 8) * d;
            out[outOffset + j + 16] = ((q >>> 4) - 8) * d;
        }
    }

    public static float dot(MemorySegment block, long offset, float[] x, int xOffset) {
        float sum = 0f;
        for (int j = 0; j < 16; j++) {
            int q = LittleEndian.u8(block, offset + 2 + j);
            sum += ((q & 0x0F) - 8) * x[xOffset + j] + ((q >>> 4) - 8) * x[xOffset + j + 16];
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
        float d = max / -8f;
        float id = d != 0f ? 1f / d : 0f;
        LittleEndian.putF16(block, offset, d);
        for (int j = 0; j < 16; j++) {
            int q0 = Math.min(15, (int) (x[xOffset + j] * id + 8.5f));
            int q1 = Math.min(15, (int) (x[xOffset + j + 16] * id + 8.5f));
            LittleEndian.putU8(block, offset + 2 + j, q0 | (q1 << 4));
        }
    }

    /** Integer dot product with Q8_0 block {@code b} of 8-bit activations: (d·d_x)·Σ (q − 8)·q_x. */
    public static float dotQ8(MemorySegment block, long offset, Q8Activations x, int b) {
        int sum = 0;
        for (int j = 0; j < 16; j++) {
            int q = LittleEndian.u8(block, offset + 2 + j);
            sum += ((q & 0x0F) - 8) * x.q[32 * b + j] + ((q >>> 4) - 8) * x.q[32 * b + j + 16];
        }
        return sum * (LittleEndian.f16(block, offset) * x.d0[b]);
    }
}
