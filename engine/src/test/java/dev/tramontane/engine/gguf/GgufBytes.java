package dev.tramontane.engine.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-assembles GGUF bytes, field by field, so tests can build files no honest writer would. */
final class GgufBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static GgufBytes header(int version, long tensorCount, long metadataCount) {
        return new GgufBytes().u32(GgufFile.MAGIC).u32(version).u64(tensorCount).u64(metadataCount);
    }

    GgufBytes u8(int v) {
        out.write(v);
        return this;
    }

    GgufBytes u32(int v) {
        return put(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    GgufBytes u64(long v) {
        return put(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    GgufBytes string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return u64(b.length).put(b);
    }

    GgufBytes put(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    GgufBytes zeros(int n) {
        return put(new byte[n]);
    }

    /** Pads with zeros to the next multiple of {@code alignment}. */
    GgufBytes align(int alignment) {
        int n = out.size();
        return zeros((alignment - n % alignment) % alignment);
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    Path writeTo(Path file) throws IOException {
        return Files.write(file, out.toByteArray());
    }
}
