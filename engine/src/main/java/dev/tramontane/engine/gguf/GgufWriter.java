package dev.tramontane.engine.gguf;

import dev.tramontane.engine.quant.GgmlType;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a GGUF file (layout in {@link GgufFile}) as a stream: declare metadata and tensors, then
 * hand over each tensor's bytes in declaration order with {@link #writeTensorData}. Only one
 * tensor's bytes need exist at a time, so a writer of a 50 GB model needs no more heap than its
 * largest tensor (or none, when the bytes come from another mapped file).
 *
 * <pre>{@code
 * try (GgufWriter w = new GgufWriter(path)) {
 *     w.putString("general.architecture", "llama");
 *     w.addTensor("token_embd.weight", GgmlType.F32, dim, vocab);
 *     w.writeTensorData("token_embd.weight", embeddings);
 * }
 * }</pre>
 *
 * The alignment is {@code general.alignment} when the metadata holds it, else 32; every tensor,
 * the last included, is padded to it with zeros as llama.cpp's writer does.
 */
public final class GgufWriter implements AutoCloseable {

    private static final int BUFFER_BYTES = 1 << 20;

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final List<GgufTensorInfo> tensors = new ArrayList<>();
    private final Set<String> tensorNames = new HashSet<>();
    private int version = 3;
    private long alignment = GgufFile.DEFAULT_ALIGNMENT;
    private long nextOffset;
    private boolean headerWritten;
    private int tensorsWritten;
    private long partWritten;
    private boolean closed;

    /** Creates (or truncates) {@code path}. */
    public GgufWriter(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    public Path path() {
        return path;
    }

    /** GGUF version to write, 2 or 3 (the same layout for little-endian files); default 3. */
    public GgufWriter version(int version) {
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("GGUF version " + version + " cannot be written; use 2 or 3");
        }
        requireHeaderPending();
        this.version = version;
        return this;
    }

    // --- metadata

    public GgufWriter put(String key, GgufValue value) {
        requireHeaderPending();
        if (tensors.size() > 0 && key.equals("general.alignment")) {
            throw new IllegalStateException("set general.alignment before adding tensors: their offsets depend on it");
        }
        if (key.equals("general.alignment")) {
            long a = (Long) value.value();
            if (!value.type().isInteger() || a <= 0 || Long.bitCount(a) != 1) {
                throw new IllegalArgumentException("general.alignment must be a positive power of two, not " + value);
            }
            alignment = a;
        }
        metadata.put(key, value);
        return this;
    }

    /** Copies every entry of {@code source}, e.g. from a file being re-quantized. */
    public GgufWriter putAll(GgufMetadata source) {
        source.asMap().forEach(this::put);
        return this;
    }

    public GgufWriter putString(String key, String value) {
        return put(key, GgufValue.ofString(value));
    }

    public GgufWriter putUint32(String key, long value) {
        return put(key, GgufValue.ofUint32(value));
    }

    public GgufWriter putInt32(String key, int value) {
        return put(key, GgufValue.ofInt32(value));
    }

    public GgufWriter putFloat32(String key, float value) {
        return put(key, GgufValue.ofFloat32(value));
    }

    public GgufWriter putBool(String key, boolean value) {
        return put(key, GgufValue.ofBool(value));
    }

    public GgufWriter putArray(String key, GgufArray value) {
        return put(key, GgufValue.ofArray(value));
    }

    // --- tensors

    /** Declares a tensor; {@code dims} in GGML order (ne0, the row length, first). */
    public GgufWriter addTensor(String name, GgmlType type, long... dims) {
        requireHeaderPending();
        if (!tensorNames.add(name)) {
            throw new IllegalArgumentException("tensor " + name + " is declared twice");
        }
        if (dims.length < 1 || dims.length > GgufFile.MAX_DIMS) {
            throw new IllegalArgumentException("tensor " + name + " needs 1 to 4 dimensions, not " + dims.length);
        }
        GgufTensorInfo info = new GgufTensorInfo(name, type, dims, nextOffset);
        long size = info.byteSize();
        tensors.add(info);
        nextOffset = GgufFile.alignUp(nextOffset + size, alignment);
        return this;
    }

    /** Writes the bytes of the next declared tensor, which must be {@code name}. */
    public void writeTensorData(String name, MemorySegment bytes) throws IOException {
        GgufTensorInfo next = nextTensor(name);
        if (partWritten != 0 || bytes.byteSize() != next.byteSize()) {
            throw sizeMismatch(next, partWritten + bytes.byteSize());
        }
        writeTensorPart(name, bytes);
    }

    /**
     * Writes the next piece of tensor {@code name}'s bytes; the tensor is complete (and padded) when
     * its pieces add up to its size. Lets a writer produce a large tensor row by row, or expert by
     * expert, without holding all of it.
     */
    public void writeTensorPart(String name, MemorySegment bytes) throws IOException {
        GgufTensorInfo next = nextTensor(name);
        if (partWritten + bytes.byteSize() > next.byteSize()) {
            throw sizeMismatch(next, partWritten + bytes.byteSize());
        }
        writeHeaderIfPending();
        long written = 0;
        while (written < bytes.byteSize()) {
            int chunk = (int) Math.min(BUFFER_BYTES, bytes.byteSize() - written);
            ensure(chunk);
            MemorySegment.copy(bytes, written, MemorySegment.ofArray(buffer.array()), buffer.position(), chunk);
            buffer.position(buffer.position() + chunk);
            written += chunk;
        }
        partWritten += bytes.byteSize();
        if (partWritten == next.byteSize()) {
            pad(next.byteSize());
            partWritten = 0;
            tensorsWritten++;
        }
    }

    public void writeTensorData(String name, byte[] bytes) throws IOException {
        writeTensorData(name, MemorySegment.ofArray(bytes));
    }

    /** Writes an F32 tensor from floats (little-endian). */
    public void writeTensorData(String name, float[] values) throws IOException {
        GgufTensorInfo next = nextTensor(name);
        if (partWritten != 0 || 4L * values.length != next.byteSize()) {
            throw sizeMismatch(next, partWritten + 4L * values.length);
        }
        if (next.type() != GgmlType.F32) {
            throw new IllegalArgumentException("tensor " + name + " is " + next.type() + "; only F32 tensors take floats");
        }
        writeHeaderIfPending();
        for (float v : values) {
            ensure(4);
            buffer.putFloat(v);
        }
        pad(next.byteSize());
        tensorsWritten++;
    }

    private GgufTensorInfo nextTensor(String name) {
        if (closed) {
            throw new IllegalStateException("the writer of " + path + " is closed");
        }
        if (tensorsWritten >= tensors.size()) {
            throw new IllegalStateException("tensor " + name + " was not declared, or all declared tensors are written");
        }
        GgufTensorInfo next = tensors.get(tensorsWritten);
        if (!next.name().equals(name)) {
            throw new IllegalStateException("tensor data must follow declaration order: expected " + next.name()
                    + ", got " + name);
        }
        return next;
    }

    private static IllegalArgumentException sizeMismatch(GgufTensorInfo tensor, long got) {
        return new IllegalArgumentException("tensor " + tensor.name() + " (" + tensor.type() + " "
                + java.util.Arrays.toString(tensor.dims()) + ") needs " + tensor.byteSize() + " bytes, got " + got);
    }

    private void pad(long size) throws IOException {
        long padding = GgufFile.alignUp(size, alignment) - size;
        for (long i = 0; i < padding; i++) {
            ensure(1);
            buffer.put((byte) 0);
        }
    }

    private void requireHeaderPending() {
        if (headerWritten) {
            throw new IllegalStateException("the header of " + path + " is already written; declare metadata and tensors first");
        }
    }

    private void writeHeaderIfPending() throws IOException {
        if (headerWritten) {
            return;
        }
        headerWritten = true;
        ensure(24);
        buffer.putInt(GgufFile.MAGIC).putInt(version).putLong(tensors.size()).putLong(metadata.size());
        for (Map.Entry<String, GgufValue> e : metadata.entrySet()) {
            writeString(e.getKey());
            ensure(4);
            buffer.putInt(e.getValue().type().id());
            writeValue(e.getValue().type(), e.getValue().value());
        }
        for (GgufTensorInfo t : tensors) {
            writeString(t.name());
            ensure(4 + 8 * t.nDims() + 4 + 8);
            buffer.putInt(t.nDims());
            for (long d : t.dims()) {
                buffer.putLong(d);
            }
            buffer.putInt(t.type().id()).putLong(t.offset());
        }
        long headerEnd = channel.position() + buffer.position();
        long padding = GgufFile.alignUp(headerEnd, alignment) - headerEnd;
        for (long i = 0; i < padding; i++) {
            ensure(1);
            buffer.put((byte) 0);
        }
    }

    private void writeValue(GgufValueType type, Object value) throws IOException {
        switch (type) {
            case UINT8, INT8 -> { ensure(1); buffer.put((byte) (long) (Long) value); }
            case UINT16, INT16 -> { ensure(2); buffer.putShort((short) (long) (Long) value); }
            case UINT32, INT32 -> { ensure(4); buffer.putInt((int) (long) (Long) value); }
            case UINT64, INT64 -> { ensure(8); buffer.putLong((Long) value); }
            case FLOAT32 -> { ensure(4); buffer.putFloat((Float) value); }
            case FLOAT64 -> { ensure(8); buffer.putDouble((Double) value); }
            case BOOL -> { ensure(1); buffer.put((byte) ((Boolean) value ? 1 : 0)); }
            case STRING -> writeString((String) value);
            case ARRAY -> writeArray((GgufArray) value);
        }
    }

    private void writeArray(GgufArray array) throws IOException {
        ensure(12);
        buffer.putInt(array.elementType().id()).putLong(array.length());
        Object elements = array.elements();
        switch (array.elementType()) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> {
                for (long v : (long[]) elements) {
                    writeValue(array.elementType(), v);
                }
            }
            case FLOAT32 -> {
                for (float v : (float[]) elements) {
                    writeValue(GgufValueType.FLOAT32, v);
                }
            }
            case FLOAT64 -> {
                for (double v : (double[]) elements) {
                    writeValue(GgufValueType.FLOAT64, v);
                }
            }
            case BOOL -> {
                for (boolean v : (boolean[]) elements) {
                    writeValue(GgufValueType.BOOL, v);
                }
            }
            case STRING -> {
                for (String v : (String[]) elements) {
                    writeString(v);
                }
            }
            case ARRAY -> {
                for (GgufArray v : (GgufArray[]) elements) {
                    writeArray(v);
                }
            }
        }
    }

    private void writeString(String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        ensure(8);
        buffer.putLong(bytes.length);
        int written = 0;
        while (written < bytes.length) {
            int chunk = Math.min(BUFFER_BYTES, bytes.length - written);
            ensure(chunk);
            buffer.put(bytes, written, chunk);
            written += chunk;
        }
    }

    /** Makes room for {@code bytes} (at most the buffer size) by flushing to the channel. */
    private void ensure(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    /**
     * Writes what is pending and closes the file. A file whose declared tensors were not all written
     * is incomplete: close says so with an exception (the bytes written so far stay on disk).
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            writeHeaderIfPending();
            flush();
        } finally {
            closed = true;
            channel.close();
        }
        if (tensorsWritten != tensors.size()) {
            throw new IllegalStateException(path + " is incomplete: " + tensorsWritten + " of " + tensors.size()
                    + " declared tensors were written (next missing: " + tensors.get(tensorsWritten).name() + ")");
        }
    }
}
