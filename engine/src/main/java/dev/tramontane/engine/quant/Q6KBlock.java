package dev.tramontane.engine.quant;

import java.lang.foreign.MemorySegment;

/**
 * GGML's {@code block_q6_K}: 256 weights in 16 sub-blocks of 16, 6-bit quants around 32, an int8
 * scale per sub-block and one fp16 super-block scale.
 *
 * <pre>
 * offset  size  field
 *      0   128  ql[128]     low 4 bits. Half h (0..1) uses ql[64h .. 64h+63]; for l in 0..31:
 *                             ql[64h+l]    low nibble = weight 128h+l,     high nibble = weight 128h+64+l
 *                             ql[64h+32+l] low nibble = weight 128h+32+l,  high nibble = weight 128h+96+l
 *    128    64  qh[64]      high 2 bits: qh[32h+l] bits 0-1, 2-3, 4-5, 6-7 =
 *                             weights 128h+l, 128h+32+l, 128h+64+l, 128h+96+l
 *    192    16  scales[16]  int8 scale of sub-block s = weights 16s .. 16s+15
 *    208     2  d           fp16 super-block scale
 *    210        (total)
 * weight i = (d * scales[i/16]) * (q_i - 32)
 * </pre>
 */
public final class Q6KBlock {

    public static final int ELEMENTS = 256;
    public static final int BYTES = 210;
    private static final int QH = 128;
    private static final int SCALES = 192;
    private static final int D = 208;

    private Q6KBlock() {}

    /** The 6-bit quant (0..63) of weight {@code i} of the block at {@code offset}. */
    public static int quant(MemorySegment block, long offset, int i) {
        int h = i >>> 7;
        int k = (i >>> 5) & 3;
        int l = i & 31;
        int low = LittleEndian.u8(block, offset + 64 * h + 32 * (k & 1) + l);
        low = (k < 2) ? (low & 0x0F) : (low >>> 4);
        int high = (LittleEndian.u8(block, offset + QH + 32 * h + l) >>> (2 * k)) & 3;
        return low | (high << 4);
    }

    public static void dequantize(MemorySegment block, long offset, float[] out, int outOffset) {
        float d = LittleEndian.f16(block, offset + D);
        for (int s = 0; s < 16; s++) {
            float scale = d * LittleEndian.i8(block, offset + SCALES + s);
            for (int i = 16 * s; i < 16 * s + 16; i++) {
                out[outOffset + i] = scale * (quant(block, offset, i) - 32);
            }
        }
    }

    public static float dot(MemorySegment block, long offset, float[] x, int xOffset) {
        float d = LittleEndian.f16(block, offset + D);
        float sum = 0f;
        for (int s = 0; s < 16; s++) {
            float scale = d * LittleEndian.i8(block, offset + SCALES + s);
            for (int i = 16 * s; i < 16 * s + 16; i++) {
                sum += scale * (quant(block, offset, i) - 32) * x[xOffset + i];
            }
        }
        return sum;
    }

    public static void quantize(float[] x, int xOffset, MemorySegment block, long offset) {
        // Symmetric per sub-block: the value of largest magnitude maps to ±31 (the -32 end stays unused).
        float[] subScale = new float[16];
        float maxScale = 0f;
        for (int s = 0; s < 16; s++) {
            float amax = 0f;
            for (int i = 0; i < 16; i++) {
                amax = Math.max(amax, Math.abs(x[xOffset + 16 * s + i]));
            }
            subScale[s] = amax / 31f;
            maxScale = Math.max(maxScale, subScale[s]);
        }
        float d = LittleEndian.roundToF16(maxScale / 127f);
        float id = d != 0f ? 1f / d : 0f;
        LittleEndian.putF16(block, offset + D, d);
        byte[] q = new byte[ELEMENTS];
        for (int s = 0; s < 16; s++) {
            int sc = Math.min(127, Rounding.roundHalfAway(subScale[s] * id));
            LittleEndian.putU8(block, offset + SCALES + s, sc);
            float scale = d * sc;
            for (int i = 16 * s; i < 16 * s + 16; i++) {
                int v = scale == 0f ? 0 : SubBlockFit.clamp(Rounding.roundHalfAway(x[xOffset + i] / scale), -32, 31);
                q[i] = (byte) (v + 32);
            }
        }
        for (int h = 0; h < 2; h++) {
            for (int l = 0; l < 32; l++) {
                int base = 128 * h + l;
                int q0 = q[base], q1 = q[base + 32], q2 = q[base + 64], q3 = q[base + 96];
                LittleEndian.putU8(block, offset + 64 * h + l, (q0 & 0x0F) | ((q2 & 0x0F) << 4));
                LittleEndian.putU8(block, offset + 64 * h + 32 + l, (q1 & 0x0F) | ((q3 & 0x0F) << 4));
                LittleEndian.putU8(block, offset + QH + 32 * h + l,
                        (q0 >>> 4) | ((q1 >>> 4) << 2) | ((q2 >>> 4) << 4) | ((q3 >>> 4) << 6));
            }
        }
    }

    /** Integer dot product with Q8_K block {@code b}: d_x·d·Σ_s scale_s·Σ (q − 32)·q_x. */
    public static float dotQ8(MemorySegment block, long offset, Q8Activations x, int b) {
        int sumi = 0;
        for (int s = 0; s < 16; s++) {
            int isum = 0;
            for (int i = 16 * s; i < 16 * s + 16; i++) {
                isum += (quant(block, offset, i) - 32) * x.qK[256 * b + i];
            }
            sumi += LittleEndian.i8(block, offset + SCALES + s) * isum;
        }
        return x.dK[b] * LittleEndian.f16(block, offset + D) * sumi;
    }
}
