package dev.tramontane.engine.quant;

import java.lang.foreign.MemorySegment;

/**
 * GGML's {@code block_q2_K}: 256 weights in 16 sub-blocks of 16, 2-bit quants, each sub-block
 * with a 4-bit scale and a 4-bit minimum relative to two fp16 super-block factors.
 *
 * <pre>
 * offset  size  field
 *      0    16  scales[16]  sub-block s: low nibble = scale, high nibble = min
 *     16    64  qs[64]      half h (0..1) uses qs[32h .. 32h+31]; byte 32h+t, bits 2j..2j+1
 *                           = quant of weight 128h + 32j + t   (j = 0..3, t = 0..31)
 *     80     2  d           fp16 super-block scale of the scales
 *     82     2  dmin        fp16 super-block scale of the mins
 *     84        (total)
 * weight i of sub-block s = (d * scale[s]) * q_i - (dmin * min[s])
 * </pre>
 */
public final class Q2KBlock {

    public static final int ELEMENTS = 256;
    public static final int BYTES = 84;
    private static final int QS = 16;
    private static final int D = 80;
    private static final int DMIN = 82;

    private Q2KBlock() {}

    public static int quant(MemorySegment block, long offset, int i) {
        int h = i >>> 7;
        int j = (i >>> 5) & 3;
        int t = i & 31;
        return (LittleEndian.u8(block, offset + QS + 32 * h + t) >>> (2 * j)) & 3;
    }

    public static void dequantize(MemorySegment block, long offset, float[] out, int outOffset) {
        float d = LittleEndian.f16(block, offset + D);
        float dmin = LittleEndian.f16(block, offset + DMIN);
        for (int s = 0; s < 16; s++) {
            int sc = LittleEndian.u8(block, offset + s);
            float dl = d * (sc & 0x0F);
            float ml = dmin * (sc >>> 4);
            for (int i = 16 * s; i < 16 * s + 16; i++) {
                out[outOffset + i] = dl * quant(block, offset, i) - ml;
            }
        }
    }

    public static float dot(MemorySegment block, long offset, float[] x, int xOffset) {
        float d = LittleEndian.f16(block, offset + D);
        float dmin = LittleEndian.f16(block, offset + DMIN);
        float sum = 0f;
        for (int s = 0; s < 16; s++) {
            int sc = LittleEndian.u8(block, offset + s);
            float dl = d * (sc & 0x0F);
            float ml = dmin * (sc >>> 4);
            for (int i = 16 * s; i < 16 * s + 16; i++) {
                sum += (dl * quant(block, offset, i) - ml) * x[xOffset + i];
            }
        }
        return sum;
    }

    public static void quantize(float[] x, int xOffset, MemorySegment block, long offset) {
        float[] scale = new float[16];
        float[] negMin = new float[16];
        SubBlockFit.affine(x, xOffset, 16, 16, 4, scale, negMin);
        int[] sc = new int[16];
        int[] mn = new int[16];
        float d = LittleEndian.roundToF16(SubBlockFit.unsignedScale(scale, 15, sc));
        float dmin = LittleEndian.roundToF16(SubBlockFit.unsignedScale(negMin, 15, mn));
        LittleEndian.putF16(block, offset + D, d);
        LittleEndian.putF16(block, offset + DMIN, dmin);
        byte[] packed = new byte[64];
        for (int s = 0; s < 16; s++) {
            LittleEndian.putU8(block, offset + s, sc[s] | (mn[s] << 4));
            float dl = d * sc[s];
            float ml = dmin * mn[s];
            for (int i = 16 * s; i < 16 * s + 16; i++) {
                int q = dl == 0f ? 0 : SubBlockFit.clamp(Rounding.roundHalfAway((x[xOffset + i] + ml) / dl), 0, 3);
                packed[32 * (i >>> 7) + (i & 31)] |= (byte) (q << (2 * ((i >>> 5) & 3)));
            }
        }
        MemorySegment.copy(packed, 0, block, java.lang.foreign.ValueLayout.JAVA_BYTE, offset + QS, 64);
    }

    /** Integer dot product with Q8_K block {@code b}: d_x·(d·Σ_s sc_s·Σ q·q_x − dmin·Σ_s m_s·Σ q_x). */
    public static float dotQ8(MemorySegment block, long offset, Q8Activations x, int b) {
        int sumi = 0;
        int summ = 0;
        for (int s = 0; s < 16; s++) {
            int sc = LittleEndian.u8(block, offset + s);
            int isum = 0;
            for (int i = 16 * s; i < 16 * s + 16; i++) {
                isum += quant(block, offset, i) * x.qK[256 * b + i];
            }
            sumi += (sc & 0x0F) * isum;
            summ += (sc >>> 4) * x.bsums[16 * b + s];
        }
        float dx = x.dK[b];
        return dx * LittleEndian.f16(block, offset + D) * sumi - dx * LittleEndian.f16(block, offset + DMIN) * summ;
    }
}
