package dev.tramontane.engine.quant;

import java.lang.foreign.MemorySegment;

/**
 * GGML's {@code block_q8_0}: 32 weights as signed bytes sharing one half-precision scale.
 *
 * <pre>
 * offset  size  field
 *      0     2  d       fp16 scale
 *      2    32  qs[32]  int8 quants; weight i = d * qs[i]
 *     34        (total)
 * </pre>
 *
 * The quantizer picks {@code d = max|x| / 127} and rounds {@code x / d} to nearest (ties away from
 * zero, as C's {@code roundf}).
 */
public final class Q8_0Block {

    public static final int ELEMENTS = 32;
    public static final int BYTES = 34;

    private Q8_0Block() {}

    public static void dequantize(MemorySegment block, long offset, float[] out, int outOffset) {
        float d = LittleEndian.f16(block, offset);
        for (int i = 0; i < ELEMENTS; i++) {
            out[outOffset + i] = LittleEndian.i8(block, offset + 2 + i) * d;
        }
    }

    public static float dot(MemorySegment block, long offset, float[] x, int xOffset) {
        float sum = 0f;
        for (int i = 0; i < ELEMENTS; i++) {
            sum += LittleEndian.i8(block, offset + 2 + i) * x[xOffset + i];
        }
        return sum * LittleEndian.f16(block, offset);
    }

    public static void quantize(float[] x, int xOffset, MemorySegment block, long offset) {
        float amax = 0f;
        for (int i = 0; i < ELEMENTS; i++) {
            amax = Math.max(amax, Math.abs(x[xOffset + i]));
        }
        float d = amax / 127f;
        float id = d != 0f ? 1f / d : 0f;
        LittleEndian.putF16(block, offset, d);
        for (int i = 0; i < ELEMENTS; i++) {
            LittleEndian.putU8(block, offset + 2 + i, Rounding.roundHalfAway(x[xOffset + i] * id));
        }
    }

    /** Integer dot product with block {@code b} of 8-bit activations: (d·d_x)·Σ q·q_x. */
    public static float dotQ8(MemorySegment block, long offset, Q8Activations x, int b) {
        int sum = 0;
        for (int i = 0; i < ELEMENTS; i++) {
            sum += LittleEndian.i8(block, offset + 2 + i) * x.q[32 * b + i];
        }
        return sum * (LittleEndian.f16(block, offset) * x.d0[b]);
    }
}
