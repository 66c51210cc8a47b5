package dev.tramontane.engine.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.quant.GgmlType;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GgufWriterReaderRoundTripTest {

    @TempDir
    Path dir;

    private static Map<String, GgufValue> everyValueType() {
        GgufArray nested = new GgufArray(GgufValueType.ARRAY, new GgufArray[] {
                GgufArray.ofInts(1, -2, 3), GgufArray.ofStrings("a", "béé"), GgufArray.ofFloats()});
        return Map.ofEntries(
                Map.entry("u8", GgufValue.integer(GgufValueType.UINT8, 255)),
                Map.entry("i8", GgufValue.integer(GgufValueType.INT8, -128)),
                Map.entry("u16", GgufValue.integer(GgufValueType.UINT16, 65535)),
                Map.entry("i16", GgufValue.integer(GgufValueType.INT16, -32768)),
                Map.entry("u32", GgufValue.integer(GgufValueType.UINT32, 0xFFFF_FFFFL)),
                Map.entry("i32", GgufValue.integer(GgufValueType.INT32, Integer.MIN_VALUE)),
                Map.entry("u64", GgufValue.integer(GgufValueType.UINT64, -1L)),
                Map.entry("i64", GgufValue.integer(GgufValueType.INT64, Long.MIN_VALUE)),
                Map.entry("f32", GgufValue.ofFloat32(1.5e-5f)),
                Map.entry("f64", new GgufValue(GgufValueType.FLOAT64, Math.PI)),
                Map.entry("bool.true", GgufValue.ofBool(true)),
                Map.entry("bool.false", GgufValue.ofBool(false)),
                Map.entry("string", GgufValue.ofString("Grüß Gott, ça va ? €")),
                Map.entry("string.empty", GgufValue.ofString("")),
                Map.entry("arr.u8", GgufValue.ofArray(GgufArray.ofIntegers(GgufValueType.UINT8, 0, 7, 255))),
                Map.entry("arr.i8", GgufValue.ofArray(GgufArray.ofIntegers(GgufValueType.INT8, -1, 1))),
                Map.entry("arr.u16", GgufValue.ofArray(GgufArray.ofIntegers(GgufValueType.UINT16, 65535))),
                Map.entry("arr.i16", GgufValue.ofArray(GgufArray.ofIntegers(GgufValueType.INT16, -5))),
                Map.entry("arr.u32", GgufValue.ofArray(GgufArray.ofIntegers(GgufValueType.UINT32, 4_000_000_000L))),
                Map.entry("arr.i32", GgufValue.ofArray(GgufArray.ofInts(1, 2, 3, -4))),
                Map.entry("arr.u64", GgufValue.ofArray(GgufArray.ofIntegers(GgufValueType.UINT64, 1L << 40))),
                Map.entry("arr.i64", GgufValue.ofArray(GgufArray.ofIntegers(GgufValueType.INT64, -(1L << 40)))),
                Map.entry("arr.f32", GgufValue.ofArray(GgufArray.ofFloats(0.5f, -0f, Float.NaN))),
                Map.entry("arr.f64", GgufValue.ofArray(new GgufArray(GgufValueType.FLOAT64, new double[] {1e300}))),
                Map.entry("arr.bool", GgufValue.ofArray(new GgufArray(GgufValueType.BOOL, new boolean[] {true, false}))),
                Map.entry("arr.string", GgufValue.ofArray(GgufArray.ofStrings("<s>", "▁the", "<0x0A>"))),
                Map.entry("arr.empty", GgufValue.ofArray(GgufArray.ofStrings())),
                Map.entry("arr.nested", GgufValue.ofArray(nested)));
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {2, 3})
    void everyMetadataValueTypeSurvivesAWriteAndARead(int version) throws IOException {
        Path file = dir.resolve("all-types.gguf");
        Map<String, GgufValue> values = everyValueType();
        try (GgufWriter w = new GgufWriter(file)) {
            w.version(version);
            values.forEach(w::put);
        }
        try (GgufFile gguf = GgufFile.open(file)) {
            assertThat(gguf.version()).isEqualTo(version);
            assertThat(gguf.metadata().keys()).containsExactlyInAnyOrderElementsOf(values.keySet());
            values.forEach((k, v) -> assertThat(gguf.metadata().value(k)).as(k).isEqualTo(v));
            assertThat(gguf.tensors()).isEmpty();
        }
    }

    @Test
    void metadataKeepsTheOrderItWasWrittenIn() throws IOException {
        Path file = dir.resolve("order.gguf");
        try (GgufWriter w = new GgufWriter(file)) {
            w.putString("z", "1").putString("a", "2").putString("m", "3");
        }
        try (GgufFile gguf = GgufFile.open(file)) {
            assertThat(gguf.metadata().keys()).containsExactly("z", "a", "m");
        }
    }

    @Test
    void typedGettersConvertBetweenIntegerWidthsAndRefuseWhatDoesNotFit() throws IOException {
        Path file = dir.resolve("getters.gguf");
        Map<String, GgufValue> values = everyValueType();
        try (GgufWriter w = new GgufWriter(file)) {
            values.forEach(w::put);
        }
        try (GgufFile gguf = GgufFile.open(file)) {
            GgufMetadata m = gguf.metadata();
            assertThat(m.getInt("u8")).isEqualTo(255);
            assertThat(m.getInt("i16")).isEqualTo(-32768);
            assertThat(m.getLong("u32")).isEqualTo(0xFFFF_FFFFL);
            assertThat(m.getLong("i64")).isEqualTo(Long.MIN_VALUE);
            assertThatThrownBy(() -> m.getInt("u32")).isInstanceOf(GgufFormatException.class)
                    .hasMessageContaining("u32").hasMessageContaining("does not fit");
            assertThatThrownBy(() -> m.getLong("u64")).isInstanceOf(GgufFormatException.class)
                    .hasMessageContaining("18446744073709551615");
            assertThat(m.getFloat("f32")).isEqualTo(1.5e-5f);
            assertThat(m.getFloat("f64")).isEqualTo((float) Math.PI);
            assertThat(m.getBoolean("bool.true")).isTrue();
            assertThat(m.getString("string")).isEqualTo("Grüß Gott, ça va ? €");
            assertThat(m.getStringArray("arr.string")).containsExactly("<s>", "▁the", "<0x0A>");
            assertThat(m.getIntArray("arr.i32")).containsExactly(1, 2, 3, -4);
            assertThat(m.getIntArray("arr.u8")).containsExactly(0, 7, 255);
            assertThat(m.getFloatArray("arr.f64")).containsExactly(Float.POSITIVE_INFINITY);
            assertThat(m.getFloatArray("arr.f32")[0]).isEqualTo(0.5f);
            assertThat(m.get("string")).isEqualTo("Grüß Gott, ça va ? €");
            assertThat(m.contains("absent")).isFalse();
            assertThat(m.getInt("absent", 42)).isEqualTo(42);
            assertThat(m.getFloat("absent", 1e4f)).isEqualTo(1e4f);
            assertThat(m.getString("absent", "x")).isEqualTo("x");
            assertThat(m.findInt("absent")).isEmpty();
            assertThatThrownBy(() -> m.getInt("absent")).isInstanceOf(GgufFormatException.class)
                    .hasMessageContaining("absent").hasMessageContaining("missing");
            assertThatThrownBy(() -> m.getString("u8")).isInstanceOf(GgufFormatException.class)
                    .hasMessageContaining("UINT8").hasMessageContaining("string");
            assertThatThrownBy(() -> m.getIntArray("arr.string")).isInstanceOf(GgufFormatException.class)
                    .hasMessageContaining("STRING");
        }
    }

    @Test
    void tensorsComeBackWithTheirShapesTypesAlignedOffsetsAndBytes() throws IOException {
        Path file = dir.resolve("tensors.gguf");
        float[] a = {1, 2, 3, 4, 5, 6};
        byte[] b = new byte[2 * 34 * 3]; // Q8_0, 3 rows of 64
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7);
        }
        float[] c = {-1};
        try (GgufWriter w = new GgufWriter(file)) {
            w.putString("general.architecture", "test");
            w.addTensor("a", GgmlType.F32, 3, 2);
            w.addTensor("b", GgmlType.Q8_0, 64, 3);
            w.addTensor("c", GgmlType.F32, 1);
            w.writeTensorData("a", a);
            w.writeTensorData("b", b);
            w.writeTensorData("c", c);
        }
        try (GgufFile gguf = GgufFile.open(file)) {
            assertThat(gguf.alignment()).isEqualTo(32);
            assertThat(gguf.dataStart() % 32).isZero();
            List<GgufTensorInfo> t = gguf.tensors();
            assertThat(t).extracting(GgufTensorInfo::name).containsExactly("a", "b", "c");
            assertThat(t.get(0).dims()).containsExactly(3, 2);
            assertThat(t.get(0).elementCount()).isEqualTo(6);
            assertThat(t.get(1).type()).isEqualTo(GgmlType.Q8_0);
            assertThat(t.get(1).byteSize()).isEqualTo(b.length);
            assertThat(t).allSatisfy(info -> assertThat(info.offset() % 32).isZero());
            MemorySegment da = gguf.tensorData(gguf.tensor("a").orElseThrow());
            assertThat(da.toArray(ValueLayout.JAVA_FLOAT.withOrder(ByteOrder.LITTLE_ENDIAN))).containsExactly(a);
            assertThat(gguf.tensorData(t.get(1)).toArray(ValueLayout.JAVA_BYTE)).containsExactly(b);
            assertThat(gguf.tensorData(t.get(2)).get(ValueLayout.JAVA_FLOAT_UNALIGNED, 0)).isEqualTo(-1f);
            assertThat(gguf.tensor("missing")).isEmpty();
        }
    }

    @Test
    void aCustomAlignmentPlacesEveryTensorOnItsBoundary() throws IOException {
        Path file = dir.resolve("aligned.gguf");
        try (GgufWriter w = new GgufWriter(file)) {
            w.putUint32("general.alignment", 64);
            w.addTensor("x", GgmlType.F32, 5);
            w.addTensor("y", GgmlType.F32, 3);
            w.writeTensorData("x", new float[] {1, 2, 3, 4, 5});
            w.writeTensorData("y", new float[] {6, 7, 8});
        }
        try (GgufFile gguf = GgufFile.open(file)) {
            assertThat(gguf.alignment()).isEqualTo(64);
            assertThat(gguf.dataStart() % 64).isZero();
            assertThat(gguf.tensor("y").orElseThrow().offset()).isEqualTo(64);
            assertThat(gguf.tensorData(gguf.tensor("y").orElseThrow())
                    .getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, 2)).isEqualTo(8f);
        }
    }

    @Test
    void theWriterRefusesDataOutOfOrderOrOfTheWrongSize() throws IOException {
        Path file = dir.resolve("misuse.gguf");
        GgufWriter w = new GgufWriter(file);
        w.addTensor("x", GgmlType.F32, 4);
        w.addTensor("y", GgmlType.F32, 4);
        assertThatThrownBy(() -> w.writeTensorData("y", new float[4])).hasMessageContaining("expected x");
        assertThatThrownBy(() -> w.writeTensorData("x", new float[3])).hasMessageContaining("needs 16 bytes");
        w.writeTensorData("x", new float[4]);
        assertThatThrownBy(w::close).hasMessageContaining("1 of 2").hasMessageContaining("y");
    }

    @Test
    void aTensorWrittenInPiecesReadsBackWhole() throws IOException {
        Path file = dir.resolve("parts.gguf");
        byte[] row0 = new byte[34];
        byte[] row1 = new byte[34];
        java.util.Arrays.fill(row0, (byte) 1);
        java.util.Arrays.fill(row1, (byte) 2);
        try (GgufWriter w = new GgufWriter(file)) {
            w.addTensor("q", GgmlType.Q8_0, 32, 2);
            w.addTensor("after", GgmlType.F32, 1);
            w.writeTensorPart("q", MemorySegment.ofArray(row0));
            assertThatThrownBy(() -> w.writeTensorPart("q", MemorySegment.ofArray(new byte[35])))
                    .hasMessageContaining("needs 68 bytes");
            w.writeTensorPart("q", MemorySegment.ofArray(row1));
            w.writeTensorData("after", new float[] {3f});
        }
        try (GgufFile gguf = GgufFile.open(file)) {
            byte[] q = gguf.tensorData(gguf.tensor("q").orElseThrow()).toArray(ValueLayout.JAVA_BYTE);
            assertThat(q).hasSize(68).startsWith(row0).endsWith(row1);
            assertThat(gguf.tensorData(gguf.tensor("after").orElseThrow()).get(ValueLayout.JAVA_FLOAT_UNALIGNED, 0)).isEqualTo(3f);
        }
    }

    @Test
    void aTensorBeyondTheTwoGigabyteMarkIsReadInPlace() throws IOException {
        // A sparse file: 3 GiB long on paper, a few KB on disk. Offsets past 2^31 must not wrap.
        long offset = 3L << 30;
        Path file = new GgufBytes().u32(GgufFile.MAGIC).u32(3).u64(1).u64(0)
                .string("far.weight").u32(1).u64(4).u32(GgmlType.F32.id()).u64(offset)
                .align(32).writeTo(dir.resolve("sparse.gguf"));
        long dataStart = Files.size(file);
        try (var raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(dataStart + offset + 16);
            raf.seek(dataStart + offset);
            raf.write(java.nio.ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                    .putFloat(1.5f).putFloat(-2f).putFloat(3f).putFloat(4.25f).array());
        }
        try (GgufFile gguf = GgufFile.open(file)) {
            assertThat(gguf.fileSize()).isGreaterThan(Integer.MAX_VALUE);
            MemorySegment far = gguf.tensorData(gguf.tensor("far.weight").orElseThrow());
            assertThat(far.toArray(ValueLayout.JAVA_FLOAT.withOrder(ByteOrder.LITTLE_ENDIAN)))
                    .containsExactly(1.5f, -2f, 3f, 4.25f);
        }
    }

    @Test
    void tensorDataIsUnreadableAfterClose() throws IOException {
        Path file = dir.resolve("closed.gguf");
        try (GgufWriter w = new GgufWriter(file)) {
            w.addTensor("x", GgmlType.F32, 4);
            w.writeTensorData("x", new float[] {1, 2, 3, 4});
        }
        GgufFile gguf = GgufFile.open(file);
        MemorySegment data = gguf.tensorData(gguf.tensors().getFirst());
        gguf.close();
        assertThatThrownBy(() -> data.get(ValueLayout.JAVA_FLOAT_UNALIGNED, 0)).isInstanceOf(IllegalStateException.class);
        assertThat(Files.size(file)).isGreaterThan(16);
    }
}
