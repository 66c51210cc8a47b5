package dev.tramontane.engine.gguf;

/**
 * The metadata value types of GGUF, with their on-disk ids ({@code gguf_type} in ggml's gguf.h).
 *
 * <p>{@code minBytes} is the smallest encoding of one value; the reader multiplies it by a declared
 * count and compares with the bytes left in the file before allocating anything, so a corrupt count
 * of 2^40 fails fast instead of exhausting the heap.
 */
public enum GgufValueType {
    UINT8(0, 1),
    INT8(1, 1),
    UINT16(2, 2),
    INT16(3, 2),
    UINT32(4, 4),
    INT32(5, 4),
    FLOAT32(6, 4),
    BOOL(7, 1),
    /** u64 length, then that many UTF-8 bytes (no terminator). */
    STRING(8, 8),
    /** u32 element type, u64 count, then the elements. */
    ARRAY(9, 12),
    UINT64(10, 8),
    INT64(11, 8),
    FLOAT64(12, 8);

    private static final GgufValueType[] BY_ID = new GgufValueType[13];

    static {
        for (GgufValueType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    private final int id;
    private final int minBytes;

    GgufValueType(int id, int minBytes) {
        this.id = id;
        this.minBytes = minBytes;
    }

    public int id() {
        return id;
    }

    /** Bytes taken by one value of this type at the least (the exact size for fixed-size types). */
    public int minBytes() {
        return minBytes;
    }

    /** Whether the type holds an integer (signed or unsigned, 8 to 64 bits). */
    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
            default -> false;
        };
    }

    /** The type with GGUF id {@code id}, or {@code null} if there is none. */
    public static GgufValueType byId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
