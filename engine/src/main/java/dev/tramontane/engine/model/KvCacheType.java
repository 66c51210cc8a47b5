package dev.tramontane.engine.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a {@link KvCache} stores keys and values. F16 is the default, as in llama.cpp: half the
 * memory of F32, and a key or value rounded to 11 significant bits moves the logits far less than
 * the weights' own quantization does (see {@code KvCacheAccuracyTest}). Q8_0 halves it again, in
 * GGML's own 34-byte blocks of 32 values.
 */
public enum KvCacheType {

    /** IEEE half precision, 2 bytes a value. */
    F16,
    /** GGML {@code block_q8_0} along each head's row: an fp16 scale and 32 signed bytes, 34 bytes per 32 values. */
    Q8_0,
    /** float32, 4 bytes a value: exact, for reference comparisons. */
    F32;

    /** The default of every entry point (CLI, serving, web app). */
    public static final KvCacheType DEFAULT = F16;

    /** Bytes that {@code values} keys (or values) take; Q8_0 needs whole blocks of 32. */
    public long bytes(long values) {
        return switch (this) {
            case F16 -> 2 * values;
            case Q8_0 -> (values + 31) / 32 * 34;
            case F32 -> 4 * values;
        };
    }

    /** Bytes one position takes in a cache of a model: its key and its value in every layer. */
    public long bytesPerPosition(ModelConfig config) {
        return 2L * config.layers() * bytes(config.kvDim());
    }

    /** Why this type cannot hold the caches of {@code config}, or null if it can. */
    public String unsupportedReason(ModelConfig config) {
        if (this == Q8_0 && config.headDim() % 32 != 0) {
            return "a Q8_0 KV cache needs a head width divisible by 32 (its blocks lie along each head), but this model's"
                    + " heads are " + config.headDim() + " wide; use --kv-type F16 or F32";
        }
        return null;
    }

    /** Parses {@code f16}, {@code Q8_0}, {@code q8}, {@code F32} …, naming the choices when the name is none of them. */
    public static KvCacheType parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (n.equals("Q8")) {
            return Q8_0;
        }
        for (KvCacheType t : values()) {
            if (t.name().equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown KV cache type \"" + name + "\"; choose one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
