package dev.tramontane.engine.quant;

import java.lang.foreign.MemorySegment;

/**
 * Writes floats in any supported GGML type, block by block, in the exact on-disk layout. The
 * K-quant scales come from a simple min/max fit ({@link SubBlockFit}), not yet from llama.cpp's
 * error-minimising search, so K-quant files are valid but somewhat less accurate than llama.cpp's.
 */
public final class Quantizer {

    private Quantizer() {}

    /** {@code values} (a multiple of the type's block size) encoded as {@code type}. */
    public static byte[] quantize(GgmlType type, float[] values) {
        byte[] out = new byte[Math.toIntExact(type.byteSize(values.length))];
        quantize(type, values, 0, values.length, MemorySegment.ofArray(out), 0);
        return out;
    }

    /**
     * Encodes {@code values[from .. from + count)} as {@code type} into {@code dst} at
     * {@code dstOffset}; returns the number of bytes written. For streaming writers: call it once
     * per row or chunk with a segment over a file or a direct {@code ByteBuffer}
     * ({@link MemorySegment#ofBuffer}).
     */
    public static long quantize(GgmlType type, float[] values, int from, int count, MemorySegment dst, long dstOffset) {
        if (!type.supported()) {
            throw new IllegalArgumentException("cannot quantize to " + type + " (" + type.id()
                    + "): Tramontane does not support it; supported: " + GgmlType.supportedNames());
        }
        long bytes = type.byteSize(count);
        if (from < 0 || count < 0 || from + count > values.length) {
            throw new IndexOutOfBoundsException("values [" + from + ", " + (from + count) + ") outside an array of " + values.length);
        }
        if (dstOffset < 0 || dstOffset + bytes > dst.byteSize()) {
            throw new IndexOutOfBoundsException(count + " values of " + type + " need " + bytes + " bytes at offset "
                    + dstOffset + ", but the destination holds " + dst.byteSize());
        }
        int blocks = count / type.blockSize();
        long at = dstOffset;
        for (int b = 0; b < blocks; b++, at += type.typeSize()) {
            int x = from + b * type.blockSize();
            switch (type) {
                case F32 -> LittleEndian.putF32(dst, at, values[x]);
                case F16 -> LittleEndian.putF16(dst, at, values[x]);
                case BF16 -> LittleEndian.putBf16(dst, at, values[x]);
                case Q4_0 -> Q4_0Block.quantize(values, x, dst, at);
                case Q4_1 -> Q4_1Block.quantize(values, x, dst, at);
                case Q5_0 -> Q5_0Block.quantize(values, x, dst, at);
                case Q5_1 -> Q5_1Block.quantize(values, x, dst, at);
                case Q8_0 -> Q8_0Block.quantize(values, x, dst, at);
                case Q2_K -> Q2KBlock.quantize(values, x, dst, at);
                case Q3_K -> Q3KBlock.quantize(values, x, dst, at);
                case Q4_K -> Q4KBlock.quantize(values, x, dst, at);
                case Q5_K -> Q5KBlock.quantize(values, x, dst, at);
                case Q6_K -> Q6KBlock.quantize(values, x, dst, at);
                default -> throw new AssertionError("supported type without a quantizer: " + type);
            }
        }
        return bytes;
    }
}
