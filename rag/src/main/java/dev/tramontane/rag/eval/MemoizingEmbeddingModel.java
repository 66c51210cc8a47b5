package dev.tramontane.rag.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * Remembers the vector of every text it has embedded, so that the evaluation embeds each question
 * once although the dense and hybrid modes both ask for it.
 */
final class MemoizingEmbeddingModel implements EmbeddingModel {

    private final EmbeddingModel model;
    private final Map<String, float[]> vectors = new ConcurrentHashMap<>();

    MemoizingEmbeddingModel(EmbeddingModel model) {
        this.model = model;
    }

    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
        List<Embedding> embeddings = new ArrayList<>();
        List<String> texts = request.getInstructions();
        for (int i = 0; i < texts.size(); i++) {
            embeddings.add(new Embedding(embed(texts.get(i)), i));
        }
        return new EmbeddingResponse(embeddings);
    }

    @Override
    public float[] embed(String text) {
        return vectors.computeIfAbsent(text, model::embed);
    }

    @Override
    public float[] embed(Document document) {
        return embed(document.getText());
    }

    @Override
    public int dimensions() {
        return model.dimensions();
    }
}
