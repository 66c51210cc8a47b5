package dev.tramontane.engine.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * A GGUF metadata array: an element type and the elements, held in the Java array that fits them.
 *
 * <table>
 *   <tr><th>element type</th><th>{@code elements()} is a</th></tr>
 *   <tr><td>UINT8 … INT64</td><td>{@code long[]} (UINT64 as its raw 64 bits)</td></tr>
 *   <tr><td>FLOAT32</td><td>{@code float[]}</td></tr>
 *   <tr><td>FLOAT64</td><td>{@code double[]}</td></tr>
 *   <tr><td>BOOL</td><td>{@code boolean[]}</td></tr>
 *   <tr><td>STRING</td><td>{@code String[]}</td></tr>
 *   <tr><td>ARRAY</td><td>{@code GgufArray[]} (nested arrays)</td></tr>
 * </table>
 *
 * Integers are widened to {@code long} so that one representation serves every width; the element
 * type is kept so that a file written back has the same bytes.
 */
public record GgufArray(GgufValueType elementType, Object elements) {

    public GgufArray {
        Objects.requireNonNull(elementType, "elementType");
        Objects.requireNonNull(elements, "elements");
        Class<?> expected = javaArrayClass(elementType);
        if (elements.getClass() != expected) {
            throw new IllegalArgumentException("a GGUF " + elementType + " array is held in a "
                    + expected.getSimpleName() + ", not a " + elements.getClass().getSimpleName());
        }
    }

    public static GgufArray ofStrings(String... values) {
        return new GgufArray(GgufValueType.STRING, values);
    }

    public static GgufArray ofFloats(float... values) {
        return new GgufArray(GgufValueType.FLOAT32, values);
    }

    /** An integer array of the given integer element type (e.g. INT32 for token types). */
    public static GgufArray ofIntegers(GgufValueType type, long... values) {
        if (!type.isInteger()) {
            throw new IllegalArgumentException(type + " is not an integer type");
        }
        return new GgufArray(type, values);
    }

    public static GgufArray ofInts(int... values) {
        return ofIntegers(GgufValueType.INT32, Arrays.stream(values).asLongStream().toArray());
    }

    public int length() {
        return java.lang.reflect.Array.getLength(elements);
    }

    static Class<?> javaArrayClass(GgufValueType elementType) {
        return switch (elementType) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> long[].class;
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
            case BOOL -> boolean[].class;
            case STRING -> String[].class;
            case ARRAY -> GgufArray[].class;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufArray other
                && elementType == other.elementType
                && Arrays.deepEquals(new Object[] {elements}, new Object[] {other.elements});
    }

    @Override
    public int hashCode() {
        return 31 * elementType.hashCode() + Arrays.deepHashCode(new Object[] {elements});
    }

    @Override
    public String toString() {
        int n = length();
        StringBuilder sb = new StringBuilder(elementType.name()).append('[').append(n).append("]{");
        for (int i = 0; i < Math.min(n, 8); i++) {
            sb.append(i > 0 ? ", " : "").append(java.lang.reflect.Array.get(elements, i));
        }
        return sb.append(n > 8 ? ", …}" : "}").toString();
    }
}
