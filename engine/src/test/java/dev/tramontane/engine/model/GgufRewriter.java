package dev.tramontane.engine.model;

import dev.tramontane.engine.gguf.GgufFile;
import dev.tramontane.engine.gguf.GgufTensorInfo;
import dev.tramontane.engine.gguf.GgufValue;
import dev.tramontane.engine.gguf.GgufWriter;
import dev.tramontane.engine.quant.GgmlType;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Copies a GGUF file with deliberate damage: changed metadata, dropped tensors, a tensor retyped. */
final class GgufRewriter {

    private final Map<String, GgufValue> metadataChanges = new LinkedHashMap<>();
    private Set<String> dropped = Set.of();
    private final Map<String, float[]> added = new LinkedHashMap<>();
    private String retypedTensor;
    private GgmlType retypedAs;

    GgufRewriter set(String key, GgufValue value) {
        metadataChanges.put(key, value);
        return this;
    }

    GgufRewriter remove(String key) {
        metadataChanges.put(key, null);
        return this;
    }

    /** Appends an F32 tensor. */
    GgufRewriter add(String tensor, float[] values) {
        added.put(tensor, values);
        return this;
    }

    GgufRewriter drop(String... tensors) {
        dropped = Set.of(tensors);
        return this;
    }

    /** Declares {@code tensor} as {@code type} (same shape) with zeroed bytes. */
    GgufRewriter retype(String tensor, GgmlType type) {
        retypedTensor = tensor;
        retypedAs = type;
        return this;
    }

    void rewrite(Path source, Path target) throws IOException {
        try (GgufFile in = GgufFile.open(source); GgufWriter out = new GgufWriter(target)) {
            Map<String, GgufValue> metadata = new LinkedHashMap<>(in.metadata().asMap());
            metadataChanges.forEach((k, v) -> {
                if (v == null) {
                    metadata.remove(k);
                } else {
                    metadata.put(k, v);
                }
            });
            metadata.forEach(out::put);
            for (GgufTensorInfo t : in.tensors()) {
                if (!dropped.contains(t.name())) {
                    out.addTensor(t.name(), t.name().equals(retypedTensor) ? retypedAs : t.type(), t.dims());
                }
            }
            added.forEach((name, values) -> out.addTensor(name, GgmlType.F32, values.length));
            for (GgufTensorInfo t : in.tensors()) {
                if (dropped.contains(t.name())) {
                    continue;
                }
                if (t.name().equals(retypedTensor)) {
                    out.writeTensorData(t.name(), new byte[(int) retypedAs.byteSize(t.elementCount())]);
                } else {
                    MemorySegment data = in.tensorData(t);
                    out.writeTensorData(t.name(), data);
                }
            }
            for (Map.Entry<String, float[]> e : added.entrySet()) {
                out.writeTensorData(e.getKey(), e.getValue());
            }
        }
    }
}
