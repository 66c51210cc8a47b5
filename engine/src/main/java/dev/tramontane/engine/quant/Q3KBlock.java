package dev.tramontane.engine.quant;

import java.lang.foreign.MemorySegment;

/**
 * GGML's {@code block_q3_K}: 256 weights in 16 sub-blocks of 16, signed 3-bit quants (-4..3) built
 * from 2 low bits and a "high" mask bit, 6-bit signed sub-block scales, one fp16 super-block scale.
 *
 * <pre>
 * offset  size  field
 *      0    32  hmask[32]   byte t, bit 4h+j: set = add 0, clear = subtract 4, for weight 128h+32j+t
 *     32    64  qs[64]      byte 32h+t, bits 2j..2j+1 = low 2 bits of weight 128h+32j+t
 *                           (h = 0..1, j = 0..3, t = 0..31)
 *     96    12  scales      16 scales of 6 bits, stored +32. Scale s:
 *                             low 4 bits  = s &lt; 8 ? byte s low nibble : byte s-8 high nibble
 *                             high 2 bits = byte 8 + s%4, bits 2*(s/4) .. 2*(s/4)+1
 *    108     2  d           fp16 super-block scale
 *    110        (total)
 * weight i of sub-block s = (d * (scale[s] - 32)) * (low2_i - (hbit_i ? 0 : 4))
 * </pre>
 */
public final class Q3KBlock {

    public static final int ELEMENTS = 256;
    public static final int BYTES = 110;
    private static final int QS = 32;
    private static final int SCALES = 96;
    private static final int D = 108;

    private Q3KBlock() {}

    /** The signed 6-bit scale (-32..31) of sub-block {@code s}. */
    public static int scale(MemorySegment block, long offset, int s) {
        int low = s < 8 ? LittleEndian.u8(block, offset + SCALES + s) & 0x0F
                : LittleEndian.u8(block, offset + SCALES + s - 8) >>> 4;
        int high = (LittleEndian.u8(block, offset + SCALES + 8 + (s & 3)) >>> (2 * (s >>> 2))) & 3;
        return (low | (high << 4)) - 32;
    }

    /** The signed quant (-4..3) of weight {@code i}. */
    public static int quant(MemorySegment block, long offset, int i) {
        int h = i >>> 7;
        int j = (i >>> 5) & 3;
        int t = i & 31;
        int low = (LittleEndian.u8(block, offset + QS + 32 * h + t) >>> (2 * j)) & 3;
        boolean high = ((LittleEndian.u8(block, offset + t) >>> (4 * h + j)) & 1) != 0;
        return low - (high ? 0 : 4);
    }

    public static void dequantize(MemorySegment block, long offset, float[] out, int outOffset) {
        float d = LittleEndian.f16(block, offset + D);
        for (int s = 0; s < 16; s++) {
            float dl = d * scale(block, offset, s);
            for (int i = 16 * s; i < 16 * s + 16; i++) {
                out[outOffset + i] = dl * quant(block, offset, i);
            }
        }
    }

    public static float dot(MemorySegment block, long offset, float[] x, int xOffset) {
        float d = LittleEndian.f16(block, offset + D);
        float sum = 0f;
        for (int s = 0; s < 16; s++) {
            float dl = d * scale(block, offset, s);
            for (int i = 16 * s; i < 16 * s + 16; i++) {
                sum += dl * quant(block, offset, i) * x[xOffset + i];
            }
        }
        return sum;
    }

    public static void quantize(float[] x, int xOffset, MemorySegment block, long offset) {
        // Per sub-block the value of largest magnitude maps to -4 (the end with the larger reach).
        float[] subScale = new float[16];
        float extreme = 0f;
        for (int s = 0; s < 16; s++) {
            float amax = 0f;
            float max = 0f;
            for (int i = 0; i < 16; i++) {
                float v = x[xOffset + 16 * s + i];
                if (Math.abs(v) > amax) {
                    amax = Math.abs(v);
                    max = v;
                }
            }
            subScale[s] = max / -4f;
            if (Math.abs(subScale[s]) > Math.abs(extreme)) {
                extreme = subScale[s];
            }
        }
        float d = LittleEndian.roundToF16(extreme / -32f);
        float id = d != 0f ? 1f / d : 0f;
        LittleEndian.putF16(block, offset + D, d);
        byte[] packed = new byte[12];
        byte[] qs = new byte[64];
        byte[] hmask = new byte[32];
        for (int s = 0; s < 16; s++) {
            int sc = SubBlockFit.clamp(Rounding.roundHalfAway(subScale[s] * id), -32, 31);
            int stored = sc + 32;
            if (s < 8) {
                packed[s] |= (byte) (stored & 0x0F);
            } else {
                packed[s - 8] |= (byte) ((stored & 0x0F) << 4);
            }
            packed[8 + (s & 3)] |= (byte) ((stored >>> 4) << (2 * (s >>> 2)));
            float dl = d * sc;
            for (int i = 16 * s; i < 16 * s + 16; i++) {
                int q = dl == 0f ? 0 : SubBlockFit.clamp(Rounding.roundHalfAway(x[xOffset + i] / dl), -4, 3);
                int u = q + 4;
                int h = i >>> 7, j = (i >>> 5) & 3, t = i & 31;
                qs[32 * h + t] |= (byte) ((u & 3) << (2 * j));
                hmask[t] |= (byte) ((u >>> 2) << (4 * h + j));
            }
        }
        var bytes = java.lang.foreign.ValueLayout.JAVA_BYTE;
        MemorySegment.copy(hmask, 0, block, bytes, offset, 32);
        MemorySegment.copy(qs, 0, block, bytes, offset + QS, 64);
        MemorySegment.copy(packed, 0, block, bytes, offset + SCALES, 12);
    }

    /** Integer dot product with Q8_K block {@code b}: d_x·d·Σ_s scale_s·Σ q·q_x. */
    public static float dotQ8(MemorySegment block, long offset, Q8Activations x, int b) {
        int sumi = 0;
        for (int s = 0; s < 16; s++) {
            int isum = 0;
            for (int i = 16 * s; i < 16 * s + 16; i++) {
                isum += quant(block, offset, i) * x.qK[256 * b + i];
            }
            sumi += scale(block, offset, s) * isum;
        }
        return x.dK[b] * LittleEndian.f16(block, offset + D) * sumi;
    }
}
