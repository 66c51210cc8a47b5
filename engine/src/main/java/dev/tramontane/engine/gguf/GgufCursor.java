package dev.tramontane.engine.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads little-endian GGUF header fields from a mapped file, checking every read and every declared
 * count against the bytes that remain, so that a truncated or corrupt header ends in a
 * {@link GgufFormatException} before anything large is allocated.
 */
final class GgufCursor {

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Nested metadata arrays deeper than this are refused (a guard against stack exhaustion). */
    private static final int MAX_ARRAY_DEPTH = 8;

    private final MemorySegment file;
    private final String fileName;
    private long position;

    GgufCursor(MemorySegment file, String fileName) {
        this.file = file;
        this.fileName = fileName;
    }

    long position() {
        return position;
    }

    long remaining() {
        return file.byteSize() - position;
    }

    private long take(long bytes, String what) {
        if (bytes < 0 || bytes > remaining()) {
            throw new GgufFormatException(fileName + " is truncated or corrupt: " + what + " needs "
                    + (bytes < 0 ? Long.toUnsignedString(bytes) : bytes) + " bytes at offset " + position
                    + " but only " + remaining() + " remain; download the file again");
        }
        long at = position;
        position += bytes;
        return at;
    }

    int u8(String what) {
        return file.get(ValueLayout.JAVA_BYTE, take(1, what)) & 0xFF;
    }

    int u16(String what) {
        return file.get(U16, take(2, what)) & 0xFFFF;
    }

    int u32(String what) {
        return file.get(U32, take(4, what));
    }

    long u64(String what) {
        return file.get(U64, take(8, what));
    }

    /**
     * A count (u64) of items that each take at least {@code minItemBytes}; refused when the rest of
     * the file could not hold that many, which also rules out counts above {@code Long.MAX_VALUE}.
     */
    long count(String what, int minItemBytes) {
        long at = position;
        long n = u64(what);
        if (n < 0 || n > remaining() / minItemBytes) {
            throw new GgufFormatException(fileName + " is corrupt: " + what + " at offset " + at + " is "
                    + Long.toUnsignedString(n) + ", but the " + remaining()
                    + " bytes left in the file cannot hold that many; the file is damaged or not GGUF");
        }
        return n;
    }

    String string(String what) {
        long at = position;
        long length = count("length of " + what, 1);
        if (length > Integer.MAX_VALUE - 8) {
            throw new GgufFormatException(fileName + ": " + what + " at offset " + at + " declares "
                    + length + " bytes, more than a string can hold; the file is corrupt");
        }
        byte[] bytes = new byte[(int) length];
        MemorySegment.copy(file, ValueLayout.JAVA_BYTE, take(length, what), bytes, 0, (int) length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    GgufValueType valueType(String what) {
        long at = position;
        int id = u32(what);
        GgufValueType t = GgufValueType.byId(id);
        if (t == null) {
            throw new GgufFormatException(fileName + ": " + what + " at offset " + at + " has unknown value type id "
                    + Integer.toUnsignedString(id) + " (GGUF defines 0..12); the file is corrupt or from a newer GGUF version");
        }
        return t;
    }

    GgufValue value(GgufValueType type, String what) {
        return new GgufValue(type, switch (type) {
            case UINT8 -> (long) u8(what);
            case INT8 -> (long) (byte) u8(what);
            case UINT16 -> (long) u16(what);
            case INT16 -> (long) (short) u16(what);
            case UINT32 -> Integer.toUnsignedLong(u32(what));
            case INT32 -> (long) u32(what);
            case UINT64, INT64 -> u64(what);
            case FLOAT32 -> file.get(F32, take(4, what));
            case FLOAT64 -> file.get(F64, take(8, what));
            case BOOL -> bool(what);
            case STRING -> string(what);
            case ARRAY -> array(what, 0);
        });
    }

    /** {@code n} integers of one width, read without boxing (token-type arrays hold 100k+ of them). */
    private long[] integers(GgufValueType type, int n, String what) {
        long at = take((long) type.minBytes() * n, what);
        long[] a = new long[n];
        switch (type) {
            case UINT8 -> { for (int i = 0; i < n; i++) a[i] = file.get(ValueLayout.JAVA_BYTE, at + i) & 0xFF; }
            case INT8 -> { for (int i = 0; i < n; i++) a[i] = file.get(ValueLayout.JAVA_BYTE, at + i); }
            case UINT16 -> { for (int i = 0; i < n; i++) a[i] = file.get(U16, at + 2L * i) & 0xFFFF; }
            case INT16 -> { for (int i = 0; i < n; i++) a[i] = file.get(U16, at + 2L * i); }
            case UINT32 -> { for (int i = 0; i < n; i++) a[i] = Integer.toUnsignedLong(file.get(U32, at + 4L * i)); }
            case INT32 -> { for (int i = 0; i < n; i++) a[i] = file.get(U32, at + 4L * i); }
            default -> MemorySegment.copy(file, U64, at, a, 0, n);
        }
        return a;
    }

    private boolean bool(String what) {
        long at = position;
        int b = u8(what);
        if (b > 1) {
            throw new GgufFormatException(fileName + ": " + what + " at offset " + at + " is a bool holding " + b
                    + " (only 0 or 1 are valid); the file is corrupt");
        }
        return b == 1;
    }

    private GgufArray array(String what, int depth) {
        if (depth >= MAX_ARRAY_DEPTH) {
            throw new GgufFormatException(fileName + ": " + what + " nests arrays more than " + MAX_ARRAY_DEPTH
                    + " deep; the file is corrupt");
        }
        GgufValueType type = valueType("element type of " + what);
        long count = count("length of " + what, type.minBytes());
        if (count > Integer.MAX_VALUE - 8) {
            throw new GgufFormatException(fileName + ": " + what + " declares " + count
                    + " elements, more than Tramontane can hold in one array");
        }
        int n = (int) count;
        String element = "element of " + what;
        Object elements = switch (type) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> integers(type, n, what);
            case FLOAT32 -> {
                float[] a = new float[n];
                MemorySegment.copy(file, F32, take(4L * n, what), a, 0, n);
                yield a;
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                MemorySegment.copy(file, F64, take(8L * n, what), a, 0, n);
                yield a;
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = bool(element);
                }
                yield a;
            }
            case STRING -> {
                String[] a = new String[n];
                for (int i = 0; i < n; i++) {
                    a[i] = string(element);
                }
                yield a;
            }
            case ARRAY -> {
                GgufArray[] a = new GgufArray[n];
                for (int i = 0; i < n; i++) {
                    a[i] = array(element, depth + 1);
                }
                yield a;
            }
        };
        return new GgufArray(type, elements);
    }
}
