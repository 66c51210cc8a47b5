package dev.tramontane.tools;

import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.serve.InferenceService;
import dev.tramontane.engine.serve.ServiceConfig;
import dev.tramontane.engine.spring.TramontaneChatModel;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The real chat model over {@code mistral-vocab-mixtral-f16.gguf}: the real Mistral v1 vocabulary
 * and prompt format (Mixtral 8x7B Instruct: no tool tokens) with random weights, so its free text is
 * gibberish and every well-formed call is the constraint's doing. Skips the test when the fixture is absent.
 */
public final class FixtureChatModel implements AutoCloseable {

    private final Model model;
    private final InferenceService service;
    private final TramontaneChatModel chat;

    private FixtureChatModel(Model model) {
        this.model = model;
        this.service = new InferenceService(model, ServiceConfig.defaults().withContextLength(2048));
        this.chat = TramontaneChatModel.builder(service).build();
    }

    public static FixtureChatModel mistralV1() {
        try {
            return new FixtureChatModel(Model.load(Fixtures.require("models/mistral-vocab-mixtral-f16.gguf")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
