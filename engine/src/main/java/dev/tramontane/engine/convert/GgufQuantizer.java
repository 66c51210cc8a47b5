package dev.tramontane.engine.convert;

import dev.tramontane.engine.gguf.GgufFile;
import dev.tramontane.engine.gguf.GgufFormatException;
import dev.tramontane.engine.gguf.GgufMetadata;
import dev.tramontane.engine.gguf.GgufTensorInfo;
import dev.tramontane.engine.gguf.GgufWriter;
import dev.tramontane.engine.quant.Dequantizer;
import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.quant.Quantizer;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Re-encodes a float GGUF model (F32, F16 or BF16 matrices) in a {@link QuantizationMix}, as
 * {@code llama-quantize} does: metadata copied with the new {@code general.file_type}, each tensor
 * given the mix's type for it, tensors that keep their type copied byte for byte. Works a slice of
 * rows at a time from the mapped input, so the heap needed does not grow with the model.
 */
public final class GgufQuantizer {

    /** Floats decoded and re-encoded at a time. */
    private static final int CHUNK_VALUES = 1 << 20;

    private GgufQuantizer() {}

    /** What was written: the tensors and their new types, the input and output sizes. */
    public record Result(List<String> tensorTypes, long inputBytes, long outputBytes) {}

    /**
     * Writes {@code in} quantized as {@code mix} to {@code out}; {@code progress} hears each tensor's
     * name as it starts.
     *
     * @throws GgufFormatException if a tensor to quantize is already quantized (re-quantizing
     *                             compounds the error; start from the F16/BF16/F32 file)
     */
    public static Result quantize(Path in, Path out, QuantizationMix mix, Consumer<String> progress) throws IOException {
        if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("quantize would overwrite its input " + in + "; choose another output file");
        }
        try (GgufFile file = GgufFile.open(in)) {
            GgufMetadata meta = file.metadata();
            String arch = meta.getString("general.architecture", "llama");
            int layers = meta.getInt(arch + ".block_count", 0);
            int experts = meta.getInt(arch + ".expert_count", 0);
            boolean hasOutput = file.tensor("output.weight").isPresent();

            List<GgmlType> newTypes = new ArrayList<>();
            List<String> report = new ArrayList<>();
            for (GgufTensorInfo t : file.tensors()) {
                GgmlType target = mix.typeOf(t.name(), t.dims(), t.type(), layers, experts, hasOutput);
                if (target != t.type() && t.type() != GgmlType.F32 && t.type() != GgmlType.F16 && t.type() != GgmlType.BF16) {
                    throw new GgufFormatException("tensor " + t.name() + " of " + in + " is already " + t.type()
                            + "; quantize starts from F32, F16 or BF16 weights (re-quantizing compounds the error)");
                }
                newTypes.add(target);
                report.add(t.name() + " " + t.type() + " -> " + target);
            }

            try (GgufWriter w = new GgufWriter(out)) {
                w.putAll(meta);
                w.putUint32("general.file_type", mix.fileType());
                for (int i = 0; i < file.tensors().size(); i++) {
                    GgufTensorInfo t = file.tensors().get(i);
                    w.addTensor(t.name(), newTypes.get(i), t.dims());
                }
                for (int i = 0; i < file.tensors().size(); i++) {
                    GgufTensorInfo t = file.tensors().get(i);
                    progress.accept(t.name());
                    MemorySegment src = file.tensorData(t);
                    GgmlType target = newTypes.get(i);
                    if (target == t.type()) {
                        w.writeTensorPart(t.name(), src);
                    } else {
                        reencode(w, t, src, target);
                    }
                }
            }
            return new Result(report, file.fileSize(), java.nio.file.Files.size(out));
        }
    }

    private static void reencode(GgufWriter w, GgufTensorInfo t, MemorySegment src, GgmlType target) throws IOException {
        int rowLength = Math.toIntExact(t.ne(0));
        long rows = t.elementCount() / rowLength;
        int chunkRows = (int) Math.max(1, Math.min(rows, CHUNK_VALUES / rowLength));
        float[] values = new float[chunkRows * rowLength];
        MemorySegment encoded = MemorySegment.ofArray(new byte[Math.toIntExact(target.byteSize(values.length))]);
        long srcRowBytes = t.type().byteSize(rowLength);
        for (long row = 0; row < rows; row += chunkRows) {
            int n = (int) Math.min(chunkRows, rows - row) * rowLength;
            Dequantizer.dequantize(t.type(), src, row * srcRowBytes, n, values, 0);
            long bytes = Quantizer.quantize(target, values, 0, n, encoded, 0);
            w.writeTensorPart(t.name(), encoded.asSlice(0, bytes));
        }
    }
}
