package dev.tramontane.engine.quant;

/**
 * An activation vector quantized to 8 bits once, so that every matrix it meets can use integer dot
 * products, as llama.cpp does on the CPU (its results differ from float activations by ~0.1-0.3 in
 * the logits; computing the same way lands closer to its reference outputs). Holds both blockings
 * llama.cpp uses:
 * <ul>
 *   <li>Q8_0 (32 values, scale {@code amax/127} rounded to fp16, quants rounded half-to-even as its
 *       AVX2 code does) with the Q8_1 sums {@code s = d·Σq} (fp16) that Q4_1/Q5_1 need;
 *   <li>Q8_K (256 values, float scale: {@code iscale = -127/max} of the value of largest magnitude,
 *       quants {@code min(127, rint(iscale·x))}, {@code d = 1/iscale}, and sums of each 16 quants)
 *       for the K-quants.
 * </ul>
 * Reusable: allocate once per activation size and {@link #quantize} per token (no allocation).
 * Not thread-safe while being filled; safe to read from several threads afterwards.
 */
public final class Q8Activations {

    private final int length;
    final byte[] q;
    final float[] d0;
    final float[] s1;
    final byte[] qK;
    final float[] dK;
    final short[] bsums;
    /** Sums of each 32 Q8_K quants (two group sums), the partner of a Q4_K/Q5_K sub-block's minimum. */
    final int[] pairSums;
    final short[] qWide;
    /** The Q8_0 quants two by two, the even one in the low 16 bits: {@code qWide[2i] & 0xFFFF | qWide[2i + 1] << 16}. */
    final int[] qPairs;
    final float[] qSums;
    final short[] qKWide;
    /** The Q8_K quants two by two, as {@link #qPairs} for Q8_0. */
    final int[] qKPairs;

    /** Room for {@code length} values (a multiple of 32; K-quant blocks need a multiple of 256). */
    public Q8Activations(int length) {
        if (length <= 0 || length % 32 != 0) {
            throw new IllegalArgumentException("8-bit activations need a positive multiple of 32 values, got " + length);
        }
        this.length = length;
        this.q = new byte[length];
        this.d0 = new float[length / 32];
        this.s1 = new float[length / 32];
        this.qWide = new short[length];
        this.qPairs = new int[length / 2];
        this.qSums = new float[length / 32];
        boolean kBlocks = length % 256 == 0;
        this.qK = kBlocks ? new byte[length] : null;
        this.dK = kBlocks ? new float[length / 256] : null;
        this.bsums = kBlocks ? new short[length / 16] : null;
        this.pairSums = kBlocks ? new int[length / 32] : null;
        this.qKWide = kBlocks ? new short[length] : null;
        this.qKPairs = kBlocks ? new int[length / 2] : null;
    }

    public int length() {
        return length;
    }

    /** Quantizes {@code x[offset .. offset + length)} into both blockings. */
    public void quantize(float[] x, int offset) {
        for (int b = 0; b < length / 32; b++) {
            int base = offset + 32 * b;
            float amax = 0f;
            for (int i = 0; i < 32; i++) {
                amax = Math.max(amax, Math.abs(x[base + i]));
            }
            float id = amax != 0f ? 127f / amax : 0f;
            d0[b] = LittleEndian.roundToF16(amax / 127f);
            int sum = 0;
            for (int i = 0; i < 32; i++) {
                int v = (int) Math.rint(x[base + i] * id);
                q[32 * b + i] = (byte) v;
                qWide[32 * b + i] = (short) v;
                sum += v;
            }
            for (int i = 16 * b; i < 16 * b + 16; i++) {
                qPairs[i] = (qWide[2 * i] & 0xFFFF) | (qWide[2 * i + 1] << 16);
            }
            qSums[b] = sum;
            s1[b] = LittleEndian.roundToF16(d0[b] * sum);
        }
        if (qK == null) {
            return;
        }
        for (int b = 0; b < length / 256; b++) {
            int base = offset + 256 * b;
            float amax = 0f;
            float max = 0f;
            for (int i = 0; i < 256; i++) {
                float ax = Math.abs(x[base + i]);
                if (ax > amax) {
                    amax = ax;
                    max = x[base + i];
                }
            }
            if (amax == 0f) {
                dK[b] = 0f;
                java.util.Arrays.fill(qK, 256 * b, 256 * b + 256, (byte) 0);
                java.util.Arrays.fill(bsums, 16 * b, 16 * b + 16, (short) 0);
                java.util.Arrays.fill(pairSums, 8 * b, 8 * b + 8, 0);
                java.util.Arrays.fill(qKWide, 256 * b, 256 * b + 256, (short) 0);
                java.util.Arrays.fill(qKPairs, 128 * b, 128 * b + 128, 0);
                continue;
            }
            float iscale = -127f / max;
            for (int i = 0; i < 256; i++) {
                qK[256 * b + i] = (byte) Math.min(127, (int) Math.rint(iscale * x[base + i]));
                qKWide[256 * b + i] = qK[256 * b + i];
            }
            for (int i = 128 * b; i < 128 * b + 128; i++) {
                qKPairs[i] = (qKWide[2 * i] & 0xFFFF) | (qKWide[2 * i + 1] << 16);
            }
            for (int g = 0; g < 16; g++) {
                int sum = 0;
                for (int i = 0; i < 16; i++) {
                    sum += qK[256 * b + 16 * g + i];
                }
                bsums[16 * b + g] = (short) sum;
            }
            for (int p = 0; p < 8; p++) {
                pairSums[8 * b + p] = bsums[16 * b + 2 * p] + bsums[16 * b + 2 * p + 1];
            }
            dK[b] = 1f / iscale;
        }
    }

    /** Whether the Q8_K blocking exists (length a multiple of 256). */
    public boolean hasKBlocks() {
        return qK != null;
    }

    /** The Q8_0 values as floats (d·q), for tests and for float kernels that must see the same inputs. */
    public void dequantizeQ8_0(float[] out, int outOffset) {
        for (int i = 0; i < length; i++) {
            out[outOffset + i] = q[i] * d0[i / 32];
        }
    }

    /** The Q8_K values as floats (d·q). */
    public void dequantizeQ8K(float[] out, int outOffset) {
        for (int i = 0; i < length; i++) {
            out[outOffset + i] = qK[i] * dK[i / 256];
        }
    }

    // Read-only views for the vector kernels in dev.tramontane.engine.tensor; callers must not write.

    /** The Q8_0 quants, 32 per block. */
    public byte[] q8_0Quants() {
        return q;
    }

    /** The Q8_0 block scales (fp16 values widened to float). */
    public float[] q8_0Scales() {
        return d0;
    }

    /** The Q8_0 quants widened to 16 bits, so that short-lane kernels load them without converting. */
    public short[] q8_0WideQuants() {
        return qWide;
    }

    /**
     * The Q8_0 quants as pairs of 16-bit values in one int, the even position low, for kernels
     * that broadcast a pair to every pair of short lanes ({@code Q4_0RowGroups}).
     */
    public int[] q8_0Pairs() {
        return qPairs;
    }

    /** Σq of each Q8_0 block (exact, as a float), for kernels that take a weight offset out of the block sum. */
    public float[] q8_0QuantSums() {
        return qSums;
    }

    /** The Q8_K quants widened to 16 bits. */
    public short[] q8KWideQuants() {
        return qKWide;
    }

    /** The Q8_K quants as pairs of 16-bit values in one int, the even position low (as {@link #q8_0Pairs}). */
    public int[] q8KPairs() {
        return qKPairs;
    }

    /** The Q8_K quants, 256 per block. */
    public byte[] q8KQuants() {
        return qK;
    }

    /** The Q8_K block scales. */
    public float[] q8KScales() {
        return dK;
    }

    /** The sums of each 16 Q8_K quants. */
    public short[] q8KGroupSums() {
        return bsums;
    }

    /** The sums of each 32 Q8_K quants: {@code q8KGroupSums()[2p] + q8KGroupSums()[2p + 1]}. */
    public int[] q8KPairSums() {
        return pairSums;
    }
}
