package dev.tramontane.engine.model;

import dev.tramontane.engine.gguf.GgufFile;
import dev.tramontane.engine.gguf.GgufTensorInfo;
import java.util.regex.Pattern;

/**
 * Size facts about a model file, for {@code inspect} and for deciding whether a model fits.
 *
 * @param parameters       every weight in the file
 * @param activeParameters weights one token actually uses: all but the experts it is not routed to
 * @param weightBytes      bytes of tensor data (mapped, not copied to the heap)
 */
public record ModelSummary(long parameters, long activeParameters, long weightBytes, ModelConfig config) {

    /** Expert tensors in any layout: {@code ffn_*_exps} and {@code ffn_{gate,up,down}.E}. */
    private static final Pattern EXPERT_TENSOR = Pattern.compile("blk\\.\\d+\\.ffn_(gate|up|down|gate_up)(_exps|\\.\\d+)\\.weight");

    public static ModelSummary of(GgufFile file, ModelConfig config) {
        long parameters = 0;
        long expertParameters = 0;
        long bytes = 0;
        for (GgufTensorInfo t : file.tensors()) {
            parameters += t.elementCount();
            bytes += t.byteSize();
            if (EXPERT_TENSOR.matcher(t.name()).matches()) {
                expertParameters += t.elementCount();
            }
        }
        long active = parameters;
        if (config.isMixtureOfExperts()) {
            long unused = expertParameters / config.expertCount() * (config.expertCount() - config.expertUsedCount());
            active -= unused;
        }
        return new ModelSummary(parameters, active, bytes, config);
    }

    /** Heap a KV cache of {@code type} and {@code contextLength} positions takes (keys and values, all layers). */
    public long kvCacheBytes(int contextLength, KvCacheType type) {
        return type.bytesPerPosition(config) * contextLength;
    }
}
