package dev.tramontane.rag.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.springframework.ai.document.Document;
import org.springframework.ai.document.DocumentMetadata;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.vectorstore.AbstractVectorStoreBuilder;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.observation.AbstractObservationVectorStore;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;

import dev.tramontane.rag.language.LanguageDetector;

/**
 * Spring AI {@code VectorStore} over one embedded Lucene index: chunks are embedded in batches by the
 * {@link EmbeddingModel}, stored with their text (per-language and neutral analyzed fields), their
 * vector (HNSW, cosine) and their metadata (stored and filterable). Similarity search is a kNN query
 * pre-filtered by the translated portable filter, so filters never cost recall.
 *
 * <p>Scores are cosine similarities mapped to [0, 1] ({@code (1 + cos) / 2}, Lucene's dot-product
 * score); {@code distance} metadata is {@code 1 - score}.
 */
public class LuceneVectorStore extends AbstractObservationVectorStore implements AutoCloseable {

    /** Metadata key carrying the chunk's similarity score on results (also {@link Document#getScore()}). */
    public static final String SCORE = "score";

    private final LuceneIndex index;
    private final boolean ownsIndex;
    private final ChunkDocumentMapper mapper;
    private final FilterQueryTranslator filters = new FilterQueryTranslator();

    protected LuceneVectorStore(Builder builder) {
        super(builder);
        if (builder.index != null) {
            this.index = builder.index;
            this.ownsIndex = false;
        } else if (builder.indexDirectory != null) {
            this.index = LuceneIndex.open(builder.indexDirectory);
            this.ownsIndex = true;
        } else {
            throw new IllegalArgumentException("LuceneVectorStore needs an index: call indexDirectory(path) (e.g. <data dir>/index) or index(LuceneIndex)");
        }
        this.mapper = new ChunkDocumentMapper(index, builder.languageDetector);
    }

    public static Builder builder(EmbeddingModel embeddingModel) {
        return new Builder(embeddingModel);
    }

    /** The index behind this store; the hybrid retriever searches the same one. */
    public LuceneIndex index() {
        return index;
    }

    public EmbeddingModel embeddingModel() {
        return embeddingModel;
    }

    @Override
    public void doAdd(List<Document> documents) {
        if (documents.isEmpty()) {
            return;
        }
        List<float[]> embeddings = embeddingModel.embed(documents, EmbeddingOptions.builder().build(), batchingStrategy);
        List<org.apache.lucene.document.Document> rows = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            rows.add(mapper.toLucene(documents.get(i), embeddings.get(i)));
        }
        index.upsert(rows);
    }

    @Override
    public void doDelete(List<String> ids) {
        index.deleteIds(ids);
    }

    @Override
    protected void doDelete(Filter.Expression filterExpression) {
        index.deleteMatching(filters.translate(filterExpression));
    }

    @Override
    public List<Document> doSimilaritySearch(SearchRequest request) {
        float[] query = VectorMath.normalized(embeddingModel.embed(request.getQuery()));
        Query filter = request.hasFilterExpression() ? filters.translate(request.getFilterExpression()) : null;
        List<StoredChunk> hits = index.search(knnQuery(query, request.getTopK(), filter), request.getTopK());
        List<Document> results = new ArrayList<>(hits.size());
        for (StoredChunk hit : hits) {
            if (hit.score() >= request.getSimilarityThreshold()) {
                results.add(toDocument(hit, hit.score()));
            }
        }
        return results;
    }

    /** kNN over the HNSW graph, restricted before the graph walk to chunks matching {@code filter}. */
    public static Query knnQuery(float[] unitQuery, int k, Query filter) {
        Query preFilter = filter == null || filter instanceof MatchAllDocsQuery ? null : filter;
        return new KnnFloatVectorQuery(IndexFields.VECTOR, unitQuery, Math.max(1, k), preFilter);
    }

    static Document toDocument(StoredChunk chunk, double score) {
        Map<String, Object> metadata = new HashMap<>(chunk.metadata());
        metadata.put(DocumentMetadata.DISTANCE.value(), (float) (1.0 - score));
        return Document.builder().id(chunk.id()).text(chunk.text()).metadata(metadata).score(score).build();
    }

    @Override
    public VectorStoreObservationContext.Builder createObservationContextBuilder(String operationName) {
        return new VectorStoreObservationContext.Builder("lucene", operationName)
                .collectionName(index.directory().getFileName().toString())
                .dimensions(embeddingModel.dimensions())
                .similarityMetric("cosine");
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<T> getNativeClient() {
        return Optional.of((T) index);
    }

    /** Closes the index if this store opened it (built with {@code indexDirectory}). */
    @Override
    public void close() {
        if (ownsIndex) {
            index.close();
        }
    }

    public static final class Builder extends AbstractVectorStoreBuilder<Builder> {

        private Path indexDirectory;
        private LuceneIndex index;
        private LanguageDetector languageDetector;

        private Builder(EmbeddingModel embeddingModel) {
            super(embeddingModel);
        }

        /** Directory of the index on disk, created if missing; the store opens and closes it. */
        public Builder indexDirectory(Path directory) {
            this.indexDirectory = directory;
            return this;
        }

        /** An index opened by the caller (shared with other components); the caller closes it. */
        public Builder index(LuceneIndex index) {
            this.index = index;
            return this;
        }

        /** Detects the language of chunks that arrive without {@code language} metadata (else {@code und}). */
        public Builder languageDetector(LanguageDetector languageDetector) {
            this.languageDetector = languageDetector;
            return this;
        }

        @Override
        public LuceneVectorStore build() {
            return new LuceneVectorStore(this);
        }
    }
}
