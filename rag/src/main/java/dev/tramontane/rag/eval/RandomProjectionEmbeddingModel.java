package dev.tramontane.rag.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * Benchmark stand-in for a neural embedding model: each text maps to a fixed pseudo-random unit
 * vector (seeded by the text's hash) of the chosen dimension. It lets {@link RetrievalBenchCommand}
 * fill an index with 100k chunks in minutes instead of the hours MiniLM needs on two cores, while the
 * index, the HNSW graph and the search path are exactly the production ones. Not for retrieval.
 */
final class RandomProjectionEmbeddingModel implements EmbeddingModel {

    private final int dimensions;

    RandomProjectionEmbeddingModel(int dimensions) {
        this.dimensions = dimensions;
    }

    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
        List<Embedding> embeddings = new ArrayList<>();
        List<String> texts = request.getInstructions();
        for (int i = 0; i < texts.size(); i++) {
            embeddings.add(new Embedding(vector(texts.get(i)), i));
        }
        return new EmbeddingResponse(embeddings);
    }

    @Override
    public float[] embed(Document document) {
        return vector(document.getText());
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    private float[] vector(String text) {
        SplittableRandom random = new SplittableRandom(text.hashCode());
        float[] vector = new float[dimensions];
        double squares = 0;
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (random.nextDouble() * 2 - 1);
            squares += vector[i] * vector[i];
        }
        float inverse = (float) (1 / Math.sqrt(squares));
        for (int i = 0; i < dimensions; i++) {
            vector[i] *= inverse;
        }
        return vector;
    }
}
