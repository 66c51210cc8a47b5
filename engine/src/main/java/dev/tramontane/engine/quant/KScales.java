package dev.tramontane.engine.quant;

import java.lang.foreign.MemorySegment;

/**
 * The 12-byte field in which Q4_K and Q5_K pack eight 6-bit sub-block scales and eight 6-bit
 * sub-block minimums (GGML's {@code get_scale_min_k4}).
 *
 * <pre>
 * byte      bits 0..5            bits 6..7
 * 0..3      scale[j]             scale[j+4] bits 4..5
 * 4..7      min[j]               min[j+4]   bits 4..5
 * 8..11     bits 0..3: scale[j+4] bits 0..3,  bits 4..7: min[j+4] bits 0..3
 * </pre>
 */
public final class KScales {

    public static final int BYTES = 12;

    private KScales() {}

    public static int scale(MemorySegment s, long offset, int j) {
        if (j < 4) {
            return LittleEndian.u8(s, offset + j) & 63;
        }
        return (LittleEndian.u8(s, offset + j + 4) & 0x0F) | ((LittleEndian.u8(s, offset + j - 4) >>> 6) << 4);
    }

    public static int min(MemorySegment s, long offset, int j) {
        if (j < 4) {
            return LittleEndian.u8(s, offset + j + 4) & 63;
        }
        return (LittleEndian.u8(s, offset + j + 4) >>> 4) | ((LittleEndian.u8(s, offset + j) >>> 6) << 4);
    }

    /** {@link #scale} from a byte array. */
    public static int scale(byte[] a, int offset, int j) {
        if (j < 4) {
            return a[offset + j] & 63;
        }
        return (a[offset + j + 4] & 0x0F) | (((a[offset + j - 4] & 0xFF) >>> 6) << 4);
    }

    /** {@link #min} from a byte array. */
    public static int min(byte[] a, int offset, int j) {
        if (j < 4) {
            return a[offset + j + 4] & 63;
        }
        return ((a[offset + j + 4] & 0xFF) >>> 4) | (((a[offset + j] & 0xFF) >>> 6) << 4);
    }

    /** Packs {@code scales[0..8)} and {@code mins[0..8)}, each in 0..63. */
    public static void pack(int[] scales, int[] mins, MemorySegment s, long offset) {
        for (int j = 0; j < 4; j++) {
            LittleEndian.putU8(s, offset + j, scales[j] | ((scales[j + 4] >>> 4) << 6));
            LittleEndian.putU8(s, offset + j + 4, mins[j] | ((mins[j + 4] >>> 4) << 6));
            LittleEndian.putU8(s, offset + j + 8, (scales[j + 4] & 0x0F) | ((mins[j + 4] & 0x0F) << 4));
        }
    }
}
