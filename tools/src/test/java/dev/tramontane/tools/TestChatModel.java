package dev.tramontane.tools;

import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.serve.InferenceService;
import dev.tramontane.engine.serve.ServiceConfig;
import dev.tramontane.engine.spring.TramontaneChatModel;
import dev.tramontane.engine.gguf.GgufMetadata;
import dev.tramontane.engine.model.ExpertLayout;
import dev.tramontane.engine.model.SyntheticModel;
import dev.tramontane.engine.quant.GgmlType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.io.UncheckedIOException;

/**
 * The real chat model (inference service + {@code TramontaneChatModel}) over a random-weight model,
 * so its free text is gibberish and every well-formed call is the constraint's doing:
 * <ul>
 * <li>{@link #mistralV1()}: the fixture {@code mistral-vocab-mixtral-f16.gguf}, the real Mistral v1
 *     vocabulary and prompt format (Mixtral 8x7B Instruct: no tool tokens); skips when absent;</li>
 * <li>{@link #syntheticMistralV3}: a tiny Mixtral the engine writes itself, with a byte-fallback
 *     vocabulary carrying Mistral v3's control tokens ({@code [AVAILABLE_TOOLS]}, {@code [TOOL_CALLS]},
 *     {@code [TOOL_RESULTS]} …): the fixture-free path.</li>
 * </ul>
 */
public final class TestChatModel implements AutoCloseable {

    private final Model model;
    private final InferenceService service;
    private final TramontaneChatModel chat;

    private TestChatModel(Model model, int contextLength) {
        this.model = model;
        this.service = new InferenceService(model, ServiceConfig.defaults().withContextLength(contextLength));
        this.chat = TramontaneChatModel.builder(service).build();
    }

    public static TestChatModel mistralV1() {
        try {
            return new TestChatModel(Model.load(Fixtures.require("models/mistral-vocab-mixtral-f16.gguf")), 2048);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestChatModel syntheticMistralV3(Path dir) {
        GgufMetadata vocabulary = v3Vocabulary();
        int size = vocabulary.getStringArray("tokenizer.ggml.tokens").length;
        Path file = dir.resolve("v3-tiny-mixtral.gguf");
        try {
            SyntheticModel.write(file, new SyntheticModel.Spec(64, 2, 4, 2, 128, 4, 2, size, 4096, 10000f, 16, 1e-5f,
                    ExpertLayout.MERGED, GgmlType.F32, false, 17), SyntheticModel.TensorTypes.uniform(GgmlType.F32), vocabulary);
            // Byte-level pieces: the built-in tools' definitions alone take about 2,000 tokens.
            return new TestChatModel(Model.load(file), 4096);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** tokenizer.* metadata: SentencePiece with byte fallback, Mistral v3 control tokens, a few word pieces. */
    private static GgufMetadata v3Vocabulary() {
        return SyntheticModel.byteFallbackVocabulary(List.of("[INST]", "[/INST]", "[AVAILABLE_TOOLS]", "[/AVAILABLE_TOOLS]", "[TOOL_CALLS]",
                "[TOOL_RESULTS]", "[/TOOL_RESULTS]"), List.of("\u2581", "\u2581the", "name", "arguments", "\"", "{\"", "\":", "\u2581{\"", "},"));
    }

    public TramontaneChatModel chat() {
        return chat;
    }

    @Override
    public void close() {
        service.close();
        model.close();
    }
}
