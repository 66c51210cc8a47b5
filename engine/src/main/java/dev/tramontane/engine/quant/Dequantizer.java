package dev.tramontane.engine.quant;

import java.lang.foreign.MemorySegment;

/** Decodes GGML-typed bytes to floats, exactly as GGML's {@code dequantize_row_*} functions do. */
public final class Dequantizer {

    private Dequantizer() {}

    /**
     * Decodes {@code count} elements (a multiple of the type's block size) starting at byte
     * {@code offset} of {@code src} into {@code out[outOffset ..)}.
     */
    public static void dequantize(GgmlType type, MemorySegment src, long offset, int count, float[] out, int outOffset) {
        if (!type.supported()) {
            throw new IllegalArgumentException("cannot decode " + type + " (" + type.id()
                    + "): Tramontane does not support it; supported: " + GgmlType.supportedNames());
        }
        long bytes = type.byteSize(count);
        if (offset < 0 || offset + bytes > src.byteSize()) {
            throw new IndexOutOfBoundsException(count + " elements of " + type + " need " + bytes + " bytes at offset "
                    + offset + ", but the source holds " + src.byteSize());
        }
        int blocks = count / type.blockSize();
        long at = offset;
        for (int b = 0; b < blocks; b++, at += type.typeSize()) {
            int y = outOffset + b * type.blockSize();
            switch (type) {
                case F32 -> out[y] = LittleEndian.f32(src, at);
                case F16 -> out[y] = LittleEndian.f16(src, at);
                case BF16 -> out[y] = LittleEndian.bf16(src, at);
                case Q4_0 -> Q4_0Block.dequantize(src, at, out, y);
                case Q4_1 -> Q4_1Block.dequantize(src, at, out, y);
                case Q5_0 -> Q5_0Block.dequantize(src, at, out, y);
                case Q5_1 -> Q5_1Block.dequantize(src, at, out, y);
                case Q8_0 -> Q8_0Block.dequantize(src, at, out, y);
                case Q2_K -> Q2KBlock.dequantize(src, at, out, y);
                case Q3_K -> Q3KBlock.dequantize(src, at, out, y);
                case Q4_K -> Q4KBlock.dequantize(src, at, out, y);
                case Q5_K -> Q5KBlock.dequantize(src, at, out, y);
                case Q6_K -> Q6KBlock.dequantize(src, at, out, y);
                default -> throw new AssertionError("supported type without a decoder: " + type);
            }
        }
    }
}
