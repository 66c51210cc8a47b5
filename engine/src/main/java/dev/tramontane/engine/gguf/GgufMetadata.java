package dev.tramontane.engine.gguf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The key/value metadata of a GGUF file, in file order, with typed getters.
 *
 * <p>Getters without a default throw a {@link GgufFormatException} naming the key when it is
 * missing or holds the wrong type. Integer getters accept any integer type (UINT8 … INT64) whose
 * value fits the Java type asked for: files written by different tools store the same key as
 * UINT32 or INT32 or UINT64.
 */
public final class GgufMetadata {

    private final Map<String, GgufValue> values;

    public GgufMetadata(Map<String, GgufValue> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    /** Keys in file order. */
    public Set<String> keys() {
        return values.keySet();
    }

    public int size() {
        return values.size();
    }

    /** Every entry in file order (unmodifiable), e.g. to copy the metadata into a new file. */
    public Map<String, GgufValue> asMap() {
        return values;
    }

    /** The typed value of {@code key}, or {@code null}. */
    public GgufValue value(String key) {
        return values.get(key);
    }

    /** The plain Java value of {@code key} (see {@link GgufValue}), or {@code null}. */
    public Object get(String key) {
        GgufValue v = values.get(key);
        return v == null ? null : v.value();
    }

    // --- strings

    public String getString(String key) {
        return findString(key).orElseThrow(() -> missing(key, "a string"));
    }

    public String getString(String key, String dflt) {
        return findString(key).orElse(dflt);
    }

    public Optional<String> findString(String key) {
        GgufValue v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v.type() != GgufValueType.STRING) {
            throw wrongType(key, v, "a string");
        }
        return Optional.of((String) v.value());
    }

    // --- integers

    public int getInt(String key) {
        return findInt(key).orElseThrow(() -> missing(key, "an integer"));
    }

    public int getInt(String key, int dflt) {
        return findInt(key).orElse(dflt);
    }

    public OptionalInt findInt(String key) {
        OptionalLong l = findLong(key);
        if (l.isEmpty()) {
            return OptionalInt.empty();
        }
        long v = l.getAsLong();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new GgufFormatException("metadata key " + key + " = " + v + " does not fit in a 32-bit int");
        }
        return OptionalInt.of((int) v);
    }

    public long getLong(String key) {
        return findLong(key).orElseThrow(() -> missing(key, "an integer"));
    }

    public long getLong(String key, long dflt) {
        return findLong(key).orElse(dflt);
    }

    public OptionalLong findLong(String key) {
        GgufValue v = values.get(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (!v.type().isInteger()) {
            throw wrongType(key, v, "an integer");
        }
        long raw = (Long) v.value();
        if (v.type() == GgufValueType.UINT64 && raw < 0) {
            throw new GgufFormatException("metadata key " + key + " = " + Long.toUnsignedString(raw)
                    + " (UINT64) does not fit in a signed 64-bit long");
        }
        return OptionalLong.of(raw);
    }

    // --- floats and booleans

    /** A FLOAT32 or FLOAT64 value (FLOAT64 narrowed); integers are accepted too, converted. */
    public float getFloat(String key) {
        return findFloat(key).orElseThrow(() -> missing(key, "a float"));
    }

    public float getFloat(String key, float dflt) {
        return findFloat(key).orElse(dflt);
    }

    public Optional<Float> findFloat(String key) {
        GgufValue v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        return Optional.of(switch (v.type()) {
            case FLOAT32 -> (Float) v.value();
            case FLOAT64 -> (float) (double) (Double) v.value();
            default -> {
                if (v.type().isInteger()) {
                    yield (float) findLong(key).getAsLong();
                }
                throw wrongType(key, v, "a float");
            }
        });
    }

    public boolean getBoolean(String key) {
        return findBoolean(key).orElseThrow(() -> missing(key, "a bool"));
    }

    public boolean getBoolean(String key, boolean dflt) {
        return findBoolean(key).orElse(dflt);
    }

    public Optional<Boolean> findBoolean(String key) {
        GgufValue v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v.type() != GgufValueType.BOOL) {
            throw wrongType(key, v, "a bool");
        }
        return Optional.of((Boolean) v.value());
    }

    // --- arrays

    /** The array at {@code key}, or empty. */
    public Optional<GgufArray> findArray(String key) {
        GgufValue v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v.type() != GgufValueType.ARRAY) {
            throw wrongType(key, v, "an array");
        }
        return Optional.of((GgufArray) v.value());
    }

    public GgufArray getArray(String key) {
        return findArray(key).orElseThrow(() -> missing(key, "an array"));
    }

    public String[] getStringArray(String key) {
        GgufArray a = getArray(key);
        if (a.elementType() != GgufValueType.STRING) {
            throw wrongElementType(key, a, "strings");
        }
        return ((String[]) a.elements()).clone();
    }

    /** A FLOAT32 array (FLOAT64 arrays are narrowed). */
    public float[] getFloatArray(String key) {
        GgufArray a = getArray(key);
        if (a.elementType() == GgufValueType.FLOAT32) {
            return ((float[]) a.elements()).clone();
        }
        if (a.elementType() == GgufValueType.FLOAT64) {
            double[] d = (double[]) a.elements();
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
        throw wrongElementType(key, a, "floats");
    }

    /** An array of any integer type whose every element fits in an int. */
    public int[] getIntArray(String key) {
        long[] l = getLongArray(key);
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            if (l[i] < Integer.MIN_VALUE || l[i] > Integer.MAX_VALUE) {
                throw new GgufFormatException("metadata key " + key + "[" + i + "] = " + l[i]
                        + " does not fit in a 32-bit int");
            }
            out[i] = (int) l[i];
        }
        return out;
    }

    public long[] getLongArray(String key) {
        GgufArray a = getArray(key);
        if (!a.elementType().isInteger()) {
            throw wrongElementType(key, a, "integers");
        }
        return ((long[]) a.elements()).clone();
    }

    private static GgufFormatException missing(String key, String expected) {
        return new GgufFormatException("metadata key " + key + " is missing (expected " + expected
                + "); the file was not written for this use or by a tool that omits it");
    }

    private static GgufFormatException wrongType(String key, GgufValue v, String expected) {
        return new GgufFormatException("metadata key " + key + " holds a " + v.type() + ", expected " + expected);
    }

    private static GgufFormatException wrongElementType(String key, GgufArray a, String expected) {
        return new GgufFormatException("metadata key " + key + " is an array of " + a.elementType()
                + ", expected an array of " + expected);
    }

    @Override
    public String toString() {
        return "GgufMetadata" + values.keySet();
    }
}
