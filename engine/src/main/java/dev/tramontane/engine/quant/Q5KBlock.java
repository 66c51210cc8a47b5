package dev.tramontane.engine.quant;

import java.lang.foreign.MemorySegment;

/**
 * GGML's {@code block_q5_K}: like {@link Q4KBlock} with a fifth quant bit per weight.
 *
 * <pre>
 * offset  size  field
 *      0     2  d           fp16 super-block scale of the sub-block scales
 *      2     2  dmin        fp16 super-block scale of the sub-block minimums
 *      4    12  scales      8 scales + 8 mins, 6 bits each, packed as in {@link KScales}
 *     16    32  qh[32]      byte l, bit 2c   = 5th bit of weight 64c+l,
 *                                   bit 2c+1 = 5th bit of weight 64c+32+l   (c = 0..3)
 *     48   128  qs[128]     as Q4_K: byte 32c+l low nibble = weight 64c+l, high = weight 64c+32+l
 *    176        (total)
 * weight of sub-block s = (d * scale[s]) * q - (dmin * min[s]),  q in 0..31
 * </pre>
 */
public final class Q5KBlock {

    public static final int ELEMENTS = 256;
    public static final int BYTES = 176;
    private static final int QH = 16;
    private static final int QS = 48;

    private Q5KBlock() {}

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
                int h = LittleEndian.u8(block, offset + QH + l);
                out[y + l] = d1 * ((q & 0x0F) | (((h >>> (2 * c)) & 1) << 4)) - m1;
                out[y + 32 + l] = d2 * ((q >>> 4) | (((h >>> (2 * c + 1)) & 1) << 4)) - m2;
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
                int h = LittleEndian.u8(block, offset + QH + l);
                int q0 = (q & 0x0F) | (((h >>> (2 * c)) & 1) << 4);
                int q1 = (q >>> 4) | (((h >>> (2 * c + 1)) & 1) << 4);
                sum += (d1 * q0 - m1) * x[xi + l] + (d2 * q1 - m2) * x[xi + 32 + l];
            }
        }
        return sum;
    }

    public static void quantize(float[] x, int xOffset, MemorySegment block, long offset) {
        float[] scale = new float[8];
        float[] negMin = new float[8];
        SubBlockFit.affine(x, xOffset, 8, 32, 32, scale, negMin);
        int[] sc = new int[8];
        int[] mn = new int[8];
        float d = LittleEndian.roundToF16(SubBlockFit.unsignedScale(scale, 63, sc));
        float dmin = LittleEndian.roundToF16(SubBlockFit.unsignedScale(negMin, 63, mn));
        LittleEndian.putF16(block, offset, d);
        LittleEndian.putF16(block, offset + 2, dmin);
        KScales.pack(sc, mn, block, offset + 4);
        int[] qh = new int[32];
        for (int c = 0; c < 4; c++) {
            for (int l = 0; l < 32; l++) {
                int lo = quant(x[xOffset + 64 * c + l], d * sc[2 * c], dmin * mn[2 * c]);
                int hi = quant(x[xOffset + 64 * c + 32 + l], d * sc[2 * c + 1], dmin * mn[2 * c + 1]);
                LittleEndian.putU8(block, offset + QS + 32L * c + l, (lo & 0x0F) | ((hi & 0x0F) << 4));
                qh[l] |= ((lo >>> 4) << (2 * c)) | ((hi >>> 4) << (2 * c + 1));
            }
        }
        for (int l = 0; l < 32; l++) {
            LittleEndian.putU8(block, offset + QH + l, qh[l]);
        }
    }

    private static int quant(float v, float scale, float min) {
        return scale == 0f ? 0 : SubBlockFit.clamp(Rounding.roundHalfAway((v + min) / scale), 0, 31);
    }

    /** Integer dot product with Q8_K block {@code b}, as {@link Q4KBlock#dotQ8} with 5-bit quants. */
    public static float dotQ8(MemorySegment block, long offset, Q8Activations x, int b) {
        int sumi = 0;
        int summ = 0;
        for (int s = 0; s < 8; s++) {
            long qs = offset + QS + 32L * (s >>> 1);
            int shift = 4 * (s & 1);
            int isum = 0;
            for (int l = 0; l < 32; l++) {
                int q = ((LittleEndian.u8(block, qs + l) >>> shift) & 0x0F) | (((LittleEndian.u8(block, offset + QH + l) >>> s) & 1) << 4);
                isum += q * x.qK[256 * b + 32 * s + l];
            }
            sumi += KScales.scale(block, offset + 4, s) * isum;
            summ += KScales.min(block, offset + 4, s) * (x.bsums[16 * b + 2 * s] + x.bsums[16 * b + 2 * s + 1]);
        }
        float dx = x.dK[b];
        return dx * LittleEndian.f16(block, offset) * sumi - dx * LittleEndian.f16(block, offset + 2) * summ;
    }
}
