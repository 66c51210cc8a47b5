package dev.tramontane.engine.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Reads and writes the little-endian scalars GGML blocks are made of. GGUF is little-endian on
 * every platform, so the layouts fix the byte order instead of trusting the host's, and they are
 * unaligned because blocks of 18, 22 or 210 bytes put their fields at any address.
 */
public final class LittleEndian {

    public static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {}

    public static int u8(MemorySegment s, long offset) {
        return s.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }

    public static int i8(MemorySegment s, long offset) {
        return s.get(ValueLayout.JAVA_BYTE, offset);
    }

    /** An IEEE 754 half-precision value, widened exactly to float. */
    public static float f16(MemorySegment s, long offset) {
        return Float.float16ToFloat(s.get(SHORT, offset));
    }

    /** A bfloat16 value: the upper half of a float's bits, widened exactly. */
    public static float bf16(MemorySegment s, long offset) {
        return Float.intBitsToFloat((s.get(SHORT, offset) & 0xFFFF) << 16);
    }

    public static float f32(MemorySegment s, long offset) {
        return s.get(FLOAT, offset);
    }

    public static int i32(MemorySegment s, long offset) {
        return s.get(INT, offset);
    }

    public static void putU8(MemorySegment s, long offset, int value) {
        s.set(ValueLayout.JAVA_BYTE, offset, (byte) value);
    }

    /** Stores {@code value} rounded to nearest-even half precision (GGML's fp32→fp16 rounding). */
    public static void putF16(MemorySegment s, long offset, float value) {
        s.set(SHORT, offset, Float.floatToFloat16(value));
    }

    /** Stores {@code value} as bfloat16, rounding to nearest-even like GGML (NaN stays a quiet NaN). */
    public static void putBf16(MemorySegment s, long offset, float value) {
        s.set(SHORT, offset, toBf16(value));
    }

    public static short toBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            return (short) ((bits >>> 16) | 64);
        }
        return (short) ((bits + (0x7FFF + ((bits >>> 16) & 1))) >>> 16);
    }

    public static void putF32(MemorySegment s, long offset, float value) {
        s.set(FLOAT, offset, value);
    }

    /** A float rounded through half precision, as a value that survives a store/load round trip. */
    public static float roundToF16(float value) {
        return Float.float16ToFloat(Float.floatToFloat16(value));
    }
}
