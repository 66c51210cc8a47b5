package dev.tramontane.engine.quant;

import java.lang.foreign.MemorySegment;

/**
 * GGML's {@code block_q4_K}: 256 weights in 8 sub-blocks of 32, 4-bit quants, each sub-block with
 * a 6-bit scale and a 6-bit minimum relative to two fp16 super-block factors.
 *
 * <pre>
 * offset  size  field
 *      0     2  d           fp16 super-block scale of the sub-block scales
 *      2     2  dmin        fp16 super-block scale of the sub-block minimums
 *      4    12  scales      8 scales + 8 mins, 6 bits each, packed as in {@link KScales}
 *     16   128  qs[128]     chunk c (0..3) = bytes 32c..32c+31; byte 32c+l holds
 *                           low nibble = quant of weight 64c+l, high nibble = of weight 64c+32+l
 *    144        (total)
 * weight of sub-block s = (d * scale[s]) * q - (dmin * min[s])
 * </pre>
 */
public final class Q4KBlock {

    public static final int ELEMENTS = 256;
    public static final int BYTES = 144;
    private static final int QS = 16;

    private Q4KBlock() {}

    public static void dequantize(MemorySegment block, long offset, float[] out, int outOffset) {
        float d = LittleEndian.f16(block, offset);
        float dmin = LittleEndian.f16(block, offset + 2);
        for (int c = 0; c < 4; c++) {
            float d1 = d * KScales.scale(block, offset + 4, 2 * c);
            float m1 = dmin * KScales.min(block, offset + 4, 2 * c);
            float d2 = d * KScales.scale(block, offset + 4, 2 * c + 1);
            float m2 = dmin * KScales.min(block, offset + 4, 2 * c + 1);
            long qs = offset + QS + 32L * c;
            int y = outOffset + 64 * c;
            for (int l = 0; l < 32; l++) {
                int q = LittleEndian.u8(block, qs + l);
                out[y + l] = d1 * (q & 0x0F) - m1;
                out[y + 32 + l] = d2 * (q >>> 4) - m2;
            }
        }
    }

    public static float dot(MemorySegment block, long offset, float[] x, int xOffset) {
        float d = LittleEndian.f16(block, offset);
        float dmin = LittleEndian.f16(block, offset + 2);
        float sum = 0f;
        for (int c = 0; c < 4; c++) {
            float d1 = d * KScales.scale(block, offset + 4, 2 * c);
            float m1 = dmin * KScales.min(block, offset + 4, 2 * c);
            float d2 = d * KScales.scale(block, offset + 4, 2 * c + 1);
            float m2 = dmin * KScales.min(block, offset + 4, 2 * c + 1);
            long qs = offset + QS + 32L * c;
            int xi = xOffset + 64 * c;
            for (int l = 0; l < 32; l++) {
                int q = LittleEndian.u8(block, qs + l);
                sum += (d1 * (q & 0x0F) - m1) * x[xi + l] + (d2 * (q >>> 4) - m2) * x[xi + 32 + l];
            }
        }
        return sum;
    }

    public static void quantize(float[] x, int xOffset, MemorySegment block, long offset) {
        float[] scale = new float[8];
        float[] negMin = new float[8];
        SubBlockFit.affine(x, xOffset, 8, 32, 16, scale, negMin);
        int[] sc = new int[8];
        int[] mn = new int[8];
        float d = LittleEndian.roundToF16(SubBlockFit.unsignedScale(scale, 63, sc));
        float dmin = LittleEndian.roundToF16(SubBlockFit.unsignedScale(negMin, 63, mn));
        LittleEndian.putF16(block, offset, d);
        LittleEndian.putF16(block, offset + 2, dmin);
        KScales.pack(sc, mn, block, offset + 4);
        for (int c = 0; c < 4; c++) {
            for (int l = 0; l < 32; l++) {
                int lo = quant(x[xOffset + 64 * c + l], d * sc[2 * c], dmin * mn[2 * c]);
                int hi = quant(x[xOffset + 64 * c + 32 + l], d * sc[2 * c + 1], dmin * mn[2 * c + 1]);
                LittleEndian.putU8(block, offset + QS + 32L * c + l, lo | (hi << 4));
            }
        }
    }

    private static int quant(float v, float scale, float min) {
        return scale == 0f ? 0 : SubBlockFit.clamp(Rounding.roundHalfAway((v + min) / scale), 0, 15);
    }

    /**
     * Integer dot product with Q8_K block {@code b}:
     * d_x·(d·Σ_s sc_s·Σ q·q_x − dmin·Σ_s m_s·Σ q_x), the Σ q_x coming from the block sums.
     */
    public static float dotQ8(MemorySegment block, long offset, Q8Activations x, int b) {
        int sumi = 0;
        int summ = 0;
        for (int s = 0; s < 8; s++) {
            long qs = offset + QS + 32L * (s >>> 1);
            int shift = 4 * (s & 1);
            int isum = 0;
            for (int l = 0; l < 32; l++) {
                isum += ((LittleEndian.u8(block, qs + l) >>> shift) & 0x0F) * x.qK[256 * b + 32 * s + l];
            }
            sumi += KScales.scale(block, offset + 4, s) * isum;
            summ += KScales.min(block, offset + 4, s) * (x.bsums[16 * b + 2 * s] + x.bsums[16 * b + 2 * s + 1]);
        }
        float dx = x.dK[b];
        return dx * LittleEndian.f16(block, offset) * sumi - dx * LittleEndian.f16(block, offset + 2) * summ;
    }
}
