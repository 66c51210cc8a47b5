package dev.tramontane.engine.gguf;

import dev.tramontane.engine.quant.GgmlType;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A GGUF file (versions 2 and 3, little-endian), memory-mapped as a whole; tensor data are slices of
 * the mapping and are never copied onto the heap, so files far larger than the heap (up to the
 * address space) open in milliseconds.
 *
 * <pre>
 * offset  field
 * 0       u32   magic "GGUF" (bytes 47 47 55 46)
 * 4       u32   version (2 or 3; v1 used 32-bit counts and is not read)
 * 8       u64   tensor count
 * 16      u64   metadata count
 * 24      metadata × count:  string key, u32 value type, value
 *         (string = u64 byte length + UTF-8 bytes; array = u32 element type + u64 count + elements)
 *         tensor info × count: string name, u32 n_dims (≤ 4), u64 dims[n_dims] (ne0 first),
 *                              u32 GGML type, u64 offset (relative to the data section, aligned)
 *         padding to general.alignment (default 32)
 *         data section: each tensor's bytes at its offset
 * </pre>
 *
 * The mapping lives in a shared arena: any thread may read tensors; {@link #close()} unmaps the file,
 * after which every segment handed out fails on access instead of reading freed memory.
 */
public final class GgufFile implements AutoCloseable {

    /** "GGUF" read as a little-endian u32. */
    static final int MAGIC = 0x46554747;
    static final int MAX_DIMS = 4;
    public static final long DEFAULT_ALIGNMENT = 32;

    private final Path path;
    private final Arena arena;
    private final MemorySegment mapped;
    private final int version;
    private final GgufMetadata metadata;
    private final List<GgufTensorInfo> tensors;
    private final Map<String, GgufTensorInfo> tensorsByName;
    private final long alignment;
    private final long dataStart;

    private GgufFile(Path path, Arena arena, MemorySegment mapped, int version, GgufMetadata metadata,
                     List<GgufTensorInfo> tensors, long alignment, long dataStart) {
        this.path = path;
        this.arena = arena;
        this.mapped = mapped;
        this.version = version;
        this.metadata = metadata;
        this.tensors = Collections.unmodifiableList(tensors);
        Map<String, GgufTensorInfo> byName = new LinkedHashMap<>();
        for (GgufTensorInfo t : tensors) {
            byName.put(t.name(), t);
        }
        this.tensorsByName = Collections.unmodifiableMap(byName);
        this.alignment = alignment;
        this.dataStart = dataStart;
    }

    /**
     * Maps and parses {@code path}.
     *
     * @throws IOException         if the file cannot be opened or mapped
     * @throws GgufFormatException if it is not a valid GGUF file (the message says what is wrong)
     */
    public static GgufFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return parse(path, arena, mapped);
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    private static GgufFile parse(Path path, Arena arena, MemorySegment mapped) {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        GgufCursor in = new GgufCursor(mapped, name);
        if (mapped.byteSize() < 4) {
            throw new GgufFormatException(name + " is not a GGUF file: it has only " + mapped.byteSize()
                    + " bytes (a GGUF file starts with the 4 bytes 'GGUF'); the file is empty or truncated");
        }
        int magic = in.u32("magic");
        if (magic != MAGIC) {
            throw new GgufFormatException(name + " is not a GGUF file: it starts with bytes "
                    + hexBytes(magic) + " instead of 'GGUF' (47 47 55 46); pass a .gguf model file");
        }
        int version = in.u32("version");
        if (version != 2 && version != 3) {
            int swapped = Integer.reverseBytes(version);
            if (swapped == 2 || swapped == 3) {
                throw new GgufFormatException(name + " is a big-endian GGUF file (version " + swapped
                        + "); Tramontane reads little-endian GGUF only: use the little-endian file");
            }
            throw new GgufFormatException(name + " has GGUF version " + Integer.toUnsignedString(version)
                    + ", which Tramontane does not read (supported: 2 and 3)"
                    + (version == 1 ? "; convert it again with a current llama.cpp" : ""));
        }
        // Smallest tensor info: empty name (8) + n_dims (4) + type (4) + offset (8).
        long tensorCount = in.count("tensor count", 24);
        // Smallest metadata entry: empty key (8) + type (4) + one byte value.
        long metadataCount = in.count("metadata count", 13);

        Map<String, GgufValue> values = new LinkedHashMap<>();
        for (long i = 0; i < metadataCount; i++) {
            String key = in.string("metadata key #" + i);
            GgufValueType type = in.valueType("type of metadata key " + key);
            GgufValue value = in.value(type, "metadata value " + key);
            if (values.putIfAbsent(key, value) != null) {
                throw new GgufFormatException(name + " holds metadata key " + key + " twice; the file is corrupt");
            }
        }
        GgufMetadata metadata = new GgufMetadata(values);

        long alignment = metadata.contains("general.alignment")
                ? metadata.getLong("general.alignment") : DEFAULT_ALIGNMENT;
        if (alignment <= 0 || Long.bitCount(alignment) != 1 || alignment > (1 << 30)) {
            throw new GgufFormatException(name + ": general.alignment = " + alignment
                    + " is not a power of two between 1 and 2^30; the file is corrupt");
        }

        List<GgufTensorInfo> tensors = new ArrayList<>((int) Math.min(tensorCount, 1 << 16));
        Set<String> seen = new HashSet<>();
        for (long i = 0; i < tensorCount; i++) {
            GgufTensorInfo t = readTensorInfo(in, name, i, alignment);
            if (!seen.add(t.name())) {
                throw new GgufFormatException(name + " holds tensor " + t.name() + " twice; the file is corrupt");
            }
            tensors.add(t);
        }

        long dataStart = alignUp(in.position(), alignment);
        long dataSize = Math.max(0, mapped.byteSize() - dataStart);
        for (GgufTensorInfo t : tensors) {
            long size = t.byteSize();
            if (t.offset() > dataSize || size > dataSize - t.offset()) {
                throw new GgufFormatException(name + ": data of tensor " + t.name() + " (" + size
                        + " bytes at data offset " + t.offset() + ") lies beyond the end of the file ("
                        + mapped.byteSize() + " bytes, data section from " + dataStart
                        + "); the file is truncated: download it again");
            }
        }
        return new GgufFile(path, arena, mapped, version, metadata, tensors, alignment, dataStart);
    }

    private static GgufTensorInfo readTensorInfo(GgufCursor in, String file, long index, long alignment) {
        String tensor = in.string("name of tensor #" + index);
        int nDims = in.u32("dimension count of tensor " + tensor);
        if (nDims < 1 || nDims > MAX_DIMS) {
            throw new GgufFormatException(file + ": tensor " + tensor + " has " + Integer.toUnsignedString(nDims)
                    + " dimensions; GGML tensors have 1 to " + MAX_DIMS + ". The file is corrupt");
        }
        long[] dims = new long[nDims];
        long elements = 1;
        for (int d = 0; d < nDims; d++) {
            dims[d] = in.u64("dimension " + d + " of tensor " + tensor);
            if (dims[d] < 0) {
                throw new GgufFormatException(file + ": tensor " + tensor + " has dimension " + d + " = "
                        + Long.toUnsignedString(dims[d]) + ", which is absurd; the file is corrupt");
            }
            elements = multiplyOrFail(elements, dims[d], file, tensor);
        }
        int typeId = in.u32("type of tensor " + tensor);
        GgmlType type = GgmlType.byId(typeId);
        if (type == null) {
            throw new GgufFormatException(file + ": tensor " + tensor + " has unknown GGML type id "
                    + Integer.toUnsignedString(typeId) + "; the file is corrupt or uses a type newer than Tramontane"
                    + " (supported: " + GgmlType.supportedNames() + ")");
        }
        if (dims[0] % type.blockSize() != 0) {
            throw new GgufFormatException(file + ": tensor " + tensor + " of type " + type + " has rows of "
                    + dims[0] + " elements, not a multiple of the block size " + type.blockSize() + "; the file is corrupt");
        }
        multiplyOrFail(elements / type.blockSize(), type.typeSize(), file, tensor);
        long offset = in.u64("data offset of tensor " + tensor);
        if (offset < 0 || offset % alignment != 0) {
            throw new GgufFormatException(file + ": tensor " + tensor + " starts at data offset "
                    + Long.toUnsignedString(offset) + ", which is not a multiple of the alignment " + alignment
                    + "; the file is corrupt");
        }
        return new GgufTensorInfo(tensor, type, dims, offset);
    }

    private static long multiplyOrFail(long a, long b, String file, String tensor) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new GgufFormatException(file + ": tensor " + tensor + " has a shape whose size overflows 64 bits;"
                    + " the file is corrupt");
        }
    }

    static long alignUp(long position, long alignment) {
        return (position + alignment - 1) / alignment * alignment;
    }

    private static String hexBytes(int littleEndian) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            sb.append(i > 0 ? " " : "").append(String.format("%02x", (littleEndian >>> (8 * i)) & 0xFF));
        }
        return sb.toString();
    }

    public Path path() {
        return path;
    }

    /** The GGUF version, 2 or 3. */
    public int version() {
        return version;
    }

    public GgufMetadata metadata() {
        return metadata;
    }

    /** The tensor directory in file order. */
    public List<GgufTensorInfo> tensors() {
        return tensors;
    }

    public Optional<GgufTensorInfo> tensor(String name) {
        return Optional.ofNullable(tensorsByName.get(name));
    }

    /** {@code general.alignment}, or 32 when the file does not say. */
    public long alignment() {
        return alignment;
    }

    /** Offset in the file of the data section, where tensor offsets start. */
    public long dataStart() {
        return dataStart;
    }

    /** Size of the file in bytes. */
    public long fileSize() {
        return mapped.byteSize();
    }

    /** The bytes of {@code tensor}: a read-only slice of the mapping, valid until {@link #close()}. */
    public MemorySegment tensorData(GgufTensorInfo tensor) {
        GgufTensorInfo own = tensorsByName.get(tensor.name());
        if (own == null || !own.equals(tensor)) {
            throw new IllegalArgumentException("tensor " + tensor.name() + " is not in " + path);
        }
        return mapped.asSlice(dataStart + tensor.offset(), tensor.byteSize());
    }

    /** Unmaps the file; segments obtained from {@link #tensorData} become inaccessible. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
