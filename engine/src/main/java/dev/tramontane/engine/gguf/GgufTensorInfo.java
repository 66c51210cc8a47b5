package dev.tramontane.engine.gguf;

import dev.tramontane.engine.quant.GgmlType;
import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of a GGUF tensor directory.
 *
 * @param name   the tensor's name, e.g. {@code blk.0.attn_q.weight}
 * @param type   its element type
 * @param dims   its shape, GGML order: {@code dims[0]} ("ne0") is the contiguous dimension, so a
 *               matrix of {@code rows × cols} has {@code dims = {cols, rows}}
 * @param offset where its bytes start, relative to the start of the file's data section
 */
public record GgufTensorInfo(String name, GgmlType type, long[] dims, long offset) {

    public GgufTensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        dims = dims.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    public int nDims() {
        return dims.length;
    }

    /** Dimension {@code i}, or 1 beyond the stored ones (GGML's convention). */
    public long ne(int i) {
        return i < dims.length ? dims[i] : 1;
    }

    public long elementCount() {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Bytes the tensor occupies in the data section. */
    public long byteSize() {
        return type.byteSize(elementCount());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensorInfo t && name.equals(t.name) && type == t.type
                && Arrays.equals(dims, t.dims) && offset == t.offset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(dims), offset);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(dims) + " @" + offset;
    }
}
