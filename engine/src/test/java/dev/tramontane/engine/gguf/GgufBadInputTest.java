package dev.tramontane.engine.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.quant.GgmlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every way a GGUF file can be wrong ends in a GgufFormatException that names the problem: no OOM, no hang. */
@Timeout(10)
class GgufBadInputTest {

    private static final long TWO_TO_40 = 1L << 40;

    @TempDir
    Path dir;

    private Path validFile() throws IOException {
        Path file = dir.resolve("valid.gguf");
        try (GgufWriter w = new GgufWriter(file)) {
            w.putString("general.architecture", "llama");
            w.putArray("tokenizer.ggml.tokens", GgufArray.ofStrings("<unk>", "<s>", "</s>", "hello"));
            w.addTensor("w", GgmlType.F32, 16, 4);
            w.writeTensorData("w", new float[64]);
        }
        return file;
    }

    private static void assertRejected(Path file, String... fragments) {
        assertThatThrownBy(() -> GgufFile.open(file).close())
                .isInstanceOf(GgufFormatException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }

    @Test
    void anEmptyFileIsNotGguf() throws IOException {
        assertRejected(Files.write(dir.resolve("empty.gguf"), new byte[0]), "empty.gguf", "only 0 bytes");
    }

    @Test
    void aFileCutInsideItsMetadataIsReportedAsTruncated() throws IOException {
        byte[] full = Files.readAllBytes(validFile());
        Path cut = Files.write(dir.resolve("cut.gguf"), Arrays.copyOf(full, 60));
        assertRejected(cut, "truncated", "cut.gguf");
    }

    @Test
    void aFileCutInsideItsTensorDataIsReportedAsTruncated() throws IOException {
        byte[] full = Files.readAllBytes(validFile());
        Path cut = Files.write(dir.resolve("cut-data.gguf"), Arrays.copyOf(full, full.length - 10));
        assertRejected(cut, "tensor w", "beyond the end of the file", "truncated");
    }

    @Test
    void aWrongMagicSaysTheFileIsNotGguf() throws IOException {
        Path file = Files.write(dir.resolve("model.bin"), "ggjt-and-more-bytes-here".getBytes());
        assertRejected(file, "not a GGUF file", "67 67 6a 74");
    }

    @Test
    void versionOneIsRefusedWithAHint() throws IOException {
        assertRejected(GgufBytes.header(1, 0, 0).writeTo(dir.resolve("v1.gguf")), "version 1", "supported: 2 and 3");
    }

    @Test
    void aFutureVersionIsRefused() throws IOException {
        assertRejected(GgufBytes.header(4, 0, 0).writeTo(dir.resolve("v4.gguf")), "version 4", "supported: 2 and 3");
    }

    @Test
    void aBigEndianFileIsRecognisedAndRefused() throws IOException {
        assertRejected(GgufBytes.header(Integer.reverseBytes(3), 0, 0).writeTo(dir.resolve("be.gguf")), "big-endian");
    }

    @Test
    void twoToTheFortyTensorsFailBeforeAnythingIsAllocated() throws IOException {
        assertRejected(GgufBytes.header(3, TWO_TO_40, 0).writeTo(dir.resolve("many-tensors.gguf")),
                "tensor count", "1099511627776");
    }

    @Test
    void twoToTheFortyMetadataEntriesFailBeforeAnythingIsAllocated() throws IOException {
        assertRejected(GgufBytes.header(3, 0, TWO_TO_40).writeTo(dir.resolve("many-keys.gguf")),
                "metadata count", "1099511627776");
    }

    @Test
    void aStringOfTwoToTheFortyBytesFailsBeforeAnythingIsAllocated() throws IOException {
        Path file = GgufBytes.header(3, 0, 1).u64(TWO_TO_40).put("key".getBytes()).zeros(64).writeTo(dir.resolve("long-string.gguf"));
        assertRejected(file, "metadata key #0", "1099511627776");
    }

    @Test
    void anArrayOfTwoToTheFortyElementsFailsBeforeAnythingIsAllocated() throws IOException {
        Path file = GgufBytes.header(3, 0, 1).string("tokenizer.ggml.tokens")
                .u32(GgufValueType.ARRAY.id()).u32(GgufValueType.STRING.id()).u64(TWO_TO_40)
                .zeros(64).writeTo(dir.resolve("long-array.gguf"));
        assertRejected(file, "tokenizer.ggml.tokens", "1099511627776");
    }

    @Test
    void anArrayLengthAboveTwoToTheSixtyThreeIsNotMistakenForANegativeCount() throws IOException {
        Path file = GgufBytes.header(3, 0, 1).string("k")
                .u32(GgufValueType.ARRAY.id()).u32(GgufValueType.UINT8.id()).u64(-1L)
                .writeTo(dir.resolve("huge-array.gguf"));
        assertRejected(file, "18446744073709551615");
    }

    @Test
    void anUnknownMetadataValueTypeIsNamed() throws IOException {
        Path file = GgufBytes.header(3, 0, 1).string("general.name").u32(13).zeros(8).writeTo(dir.resolve("vt.gguf"));
        assertRejected(file, "general.name", "unknown value type id 13");
    }

    @Test
    void anUnknownTensorTypeIdIsNamedWithTheTensor() throws IOException {
        Path file = GgufBytes.header(3, 1, 0).string("blk.0.attn_q.weight").u32(2).u64(32).u64(2)
                .u32(99).u64(0).align(32).zeros(256).writeTo(dir.resolve("type.gguf"));
        assertRejected(file, "blk.0.attn_q.weight", "unknown GGML type id 99", "supported: F32");
    }

    @Test
    void aKnownButUnsupportedTypeStillLoadsInTheDirectory() throws IOException {
        // IQ2_XS: 256 elements in 74 bytes. Computing with it fails later, in the model layer.
        Path file = GgufBytes.header(3, 1, 0).string("blk.3.ffn_down_exps.weight").u32(1).u64(256)
                .u32(GgmlType.IQ2_XS.id()).u64(0).align(32).zeros(74).writeTo(dir.resolve("iq.gguf"));
        try (GgufFile gguf = GgufFile.open(file)) {
            assertThat(gguf.tensors().getFirst().type()).isEqualTo(GgmlType.IQ2_XS);
            assertThat(gguf.tensorData(gguf.tensors().getFirst()).byteSize()).isEqualTo(74);
        }
    }

    @Test
    void tensorDataOutOfBoundsNamesTheTensor() throws IOException {
        Path file = GgufBytes.header(3, 1, 0).string("output.weight").u32(2).u64(4).u64(4)
                .u32(GgmlType.F32.id()).u64(1L << 20).align(32).zeros(64).writeTo(dir.resolve("oob.gguf"));
        assertRejected(file, "output.weight", "beyond the end of the file");
    }

    @Test
    void aTensorOffsetOffTheAlignmentIsRefused() throws IOException {
        Path file = GgufBytes.header(3, 1, 0).string("t").u32(1).u64(4)
                .u32(GgmlType.F32.id()).u64(4).align(32).zeros(64).writeTo(dir.resolve("misaligned.gguf"));
        assertRejected(file, "tensor t", "not a multiple of the alignment 32");
    }

    @Test
    void moreThanFourDimensionsAreRefused() throws IOException {
        Path file = GgufBytes.header(3, 1, 0).string("t").u32(5).zeros(64).writeTo(dir.resolve("dims.gguf"));
        assertRejected(file, "tensor t", "5 dimensions");
    }

    @Test
    void aShapeWhoseSizeOverflowsIsRefused() throws IOException {
        Path file = GgufBytes.header(3, 1, 0).string("t").u32(2).u64(1L << 40).u64(1L << 40)
                .u32(GgmlType.F32.id()).u64(0).writeTo(dir.resolve("overflow.gguf"));
        assertRejected(file, "tensor t", "overflows");
    }

    @Test
    void aRowThatIsNotAWholeNumberOfBlocksIsRefused() throws IOException {
        Path file = GgufBytes.header(3, 1, 0).string("t").u32(1).u64(33)
                .u32(GgmlType.Q4_0.id()).u64(0).align(32).zeros(64).writeTo(dir.resolve("blocks.gguf"));
        assertRejected(file, "tensor t", "block size 32");
    }

    @Test
    void aDuplicatedMetadataKeyIsRefused() throws IOException {
        Path file = GgufBytes.header(3, 0, 2)
                .string("k").u32(GgufValueType.UINT8.id()).u8(1)
                .string("k").u32(GgufValueType.UINT8.id()).u8(2).writeTo(dir.resolve("dup.gguf"));
        assertRejected(file, "metadata key k twice");
    }

    @Test
    void aBoolThatIsNeitherZeroNorOneIsRefused() throws IOException {
        Path file = GgufBytes.header(3, 0, 1).string("b").u32(GgufValueType.BOOL.id()).u8(7).writeTo(dir.resolve("bool.gguf"));
        assertRejected(file, "bool holding 7");
    }

    @Test
    void aMissingFileIsAnIoErrorNotAFormatError() {
        assertThatThrownBy(() -> GgufFile.open(dir.resolve("nope.gguf"))).isInstanceOf(IOException.class);
    }
}
