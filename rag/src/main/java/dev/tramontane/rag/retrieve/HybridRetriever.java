package dev.tramontane.rag.retrieve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.util.QueryBuilder;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.rag.Query;
import org.springframework.ai.rag.retrieval.search.DocumentRetriever;
import org.springframework.ai.rag.retrieval.search.VectorStoreDocumentRetriever;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.FilterExpressionTextParser;

import dev.tramontane.rag.ChunkMetadata;
import dev.tramontane.rag.language.LanguageDetector;
import dev.tramontane.rag.language.QueryTranslator;
import dev.tramontane.rag.store.FilterQueryTranslator;
import dev.tramontane.rag.store.IndexFields;
import dev.tramontane.rag.store.LuceneIndex;
import dev.tramontane.rag.store.LuceneVectorStore;
import dev.tramontane.rag.store.StoredChunk;
import dev.tramontane.rag.store.TextAnalyzers;
import dev.tramontane.rag.store.VectorMath;

/**
 * Hybrid retrieval over the Lucene index as a Spring AI {@code DocumentRetriever}: a BM25 leg (the
 * query analyzed with its language's analyzer on that language's field, plus the accent-folded
 * neutral field, plus any dictionary translations on their languages' fields) and a kNN leg over the
 * HNSW graph, both restricted by the same filter, fused with {@link ReciprocalRankFusion} (k = 60
 * over each leg's top {@value #DEFAULT_FUSION_DEPTH}; the dense leg weighs
 * {@value #DEFAULT_FOREIGN_DENSE_WEIGHT} for queries in a language the embedding model does not cover).
 *
 * <p>Each returned {@code Document} keeps the chunk's metadata (document id, title, page, offsets …)
 * and adds {@link #SNIPPET} (HTML-safe, query terms in {@code <mark>}), {@link #SCORE} (fused RRF
 * score, or the leg's own score in a single-leg mode), {@link #RANK} (1-based) and the rank the chunk
 * had in each leg ({@link #BM25_RANK}, {@link #DENSE_RANK}; absent when the leg missed it).
 *
 * <p>Per-query settings travel in {@link Query#context()}: a filter under
 * {@link VectorStoreDocumentRetriever#FILTER_EXPRESSION} (a {@code Filter.Expression} or its text
 * form, e.g. {@code "collection == 'work'"}) and a language override under {@link #QUERY_LANGUAGE}.
 */
public final class HybridRetriever implements DocumentRetriever {

    /** Which legs run. */
    public enum Mode { BM25, DENSE, HYBRID }

    /** Query context key: ISO 639-1 code that overrides the detected language of the query. */
    public static final String QUERY_LANGUAGE = "tramontane.query_language";

    /**
     * Each leg's top 10 enter the fusion. Measured on XQuAD de/es (docs/retrieval.md): with k = 60,
     * fusing the top 50 of a weak dense leg pulls hybrid recall@5 below BM25 alone (de 0.915 vs 0.974);
     * fusing the top 10 keeps it at or above the better leg.
     */
    public static final int DEFAULT_FUSION_DEPTH = 10;

    /** Dense-leg weight for queries in a language the embedding model was not trained on (measured, see above). */
    public static final double DEFAULT_FOREIGN_DENSE_WEIGHT = 0.5;

    public static final String SNIPPET = "snippet";
    public static final String SCORE = "score";
    public static final String RANK = "rank";
    public static final String BM25_RANK = "bm25_rank";
    public static final String DENSE_RANK = "dense_rank";

    private final LuceneIndex index;
    private final EmbeddingModel embeddingModel;
    private final LanguageDetector languageDetector;
    private final QueryTranslator queryTranslator;
    private final Mode mode;
    private final int topK;
    private final int candidates;
    private final int rrfK;
    private final int fusionDepth;
    private final java.util.Set<String> embeddingLanguages;
    private final double foreignDenseWeight;
    private final Filter.Expression defaultFilter;
    private final boolean snippets;
    private final FilterQueryTranslator filters = new FilterQueryTranslator();
    private final FilterExpressionTextParser filterParser = new FilterExpressionTextParser();
    private final SnippetHighlighter highlighter = new SnippetHighlighter();

    private HybridRetriever(Builder builder) {
        this.index = builder.index;
        this.embeddingModel = builder.embeddingModel;
        this.languageDetector = builder.languageDetector;
        this.queryTranslator = builder.queryTranslator;
        this.mode = builder.mode;
        this.topK = builder.topK;
        this.candidates = Math.max(builder.candidates, builder.topK);
        this.rrfK = builder.rrfK;
        this.fusionDepth = Math.max(builder.fusionDepth, builder.topK);
        this.embeddingLanguages = java.util.Set.copyOf(builder.embeddingLanguages);
        this.foreignDenseWeight = builder.foreignDenseWeight;
        this.defaultFilter = builder.filter;
        this.snippets = builder.snippets;
    }

    /** A retriever over the same index (and embedding model) as {@code store}. */
    public static Builder builder(LuceneVectorStore store) {
        return new Builder(store.index(), store.embeddingModel());
    }

    public static Builder builder(LuceneIndex index, EmbeddingModel embeddingModel) {
        return new Builder(index, embeddingModel);
    }

    @Override
    public List<Document> retrieve(Query query) {
        String text = query.text();
        Object override = query.context().get(QUERY_LANGUAGE);
        String language = override instanceof String given && !given.isBlank() ? given : languageDetector.detect(text);
        org.apache.lucene.search.Query filter = filters.translate(filterOf(query.context()));

        org.apache.lucene.search.Query keyword = keywordQuery(text, language);
        List<StoredChunk> bm25 = mode == Mode.DENSE ? List.of()
                : index.search(new BooleanQuery.Builder().add(keyword, Occur.MUST).add(filter, Occur.FILTER).build(), candidates);
        List<StoredChunk> dense = mode == Mode.BM25 ? List.of()
                : index.search(LuceneVectorStore.knnQuery(VectorMath.normalized(embeddingModel.embed(text)), candidates, filter), candidates);

        Map<String, StoredChunk> chunks = new LinkedHashMap<>();
        bm25.forEach(c -> chunks.putIfAbsent(c.id(), c));
        dense.forEach(c -> chunks.putIfAbsent(c.id(), c));
        Map<String, Integer> bm25Ranks = ranks(bm25);
        Map<String, Integer> denseRanks = ranks(dense);

        List<ReciprocalRankFusion.Fused> ranking = switch (mode) {
            case BM25 -> bm25.stream().map(c -> new ReciprocalRankFusion.Fused(c.id(), c.score())).toList();
            case DENSE -> dense.stream().map(c -> new ReciprocalRankFusion.Fused(c.id(), c.score())).toList();
            case HYBRID -> ReciprocalRankFusion.fuse(List.of(top(ids(bm25)), top(ids(dense))),
                    List.of(1.0, embeddingLanguages.contains(language) ? 1.0 : foreignDenseWeight), rrfK);
        };

        List<Document> results = new ArrayList<>(Math.min(topK, ranking.size()));
        for (int i = 0; i < ranking.size() && i < topK; i++) {
            ReciprocalRankFusion.Fused fused = ranking.get(i);
            StoredChunk chunk = chunks.get(fused.id());
            Map<String, Object> metadata = new HashMap<>(chunk.metadata());
            String chunkLanguage = String.valueOf(metadata.getOrDefault(ChunkMetadata.LANGUAGE, ChunkMetadata.UNDETERMINED_LANGUAGE));
            if (snippets) {
                metadata.put(SNIPPET, highlighter.snippet(chunk.text(), chunkLanguage, keyword));
            }
            metadata.put(SCORE, fused.score());
            metadata.put(RANK, i + 1);
            if (bm25Ranks.containsKey(fused.id())) {
                metadata.put(BM25_RANK, bm25Ranks.get(fused.id()));
            }
            if (denseRanks.containsKey(fused.id())) {
                metadata.put(DENSE_RANK, denseRanks.get(fused.id()));
            }
            results.add(Document.builder().id(chunk.id()).text(chunk.text()).metadata(metadata).score(fused.score()).build());
        }
        return results;
    }

    /**
     * The BM25 query: the text on its language's field and on the neutral field, and each translation
     * on its target language's field and the neutral field. Any of these clauses may match.
     */
    org.apache.lucene.search.Query keywordQuery(String text, String language) {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        addClauses(query, text, language);
        queryTranslator.translate(text, language).forEach((target, translated) -> addClauses(query, translated, target));
        BooleanQuery built = query.build();
        return built.clauses().isEmpty() ? new MatchNoDocsQuery("query has no searchable terms") : built;
    }

    private static void addClauses(BooleanQuery.Builder query, String text, String language) {
        String field = IndexFields.textField(language);
        if (field != null) {
            addIfPresent(query, new QueryBuilder(TextAnalyzers.forLanguage(language)).createBooleanQuery(field, text));
        }
        addIfPresent(query, new QueryBuilder(TextAnalyzers.neutral()).createBooleanQuery(IndexFields.TEXT_NEUTRAL, text));
    }

    private static void addIfPresent(BooleanQuery.Builder query, org.apache.lucene.search.Query clause) {
        if (clause != null) {
            query.add(clause, Occur.SHOULD);
        }
    }

    private Filter.Expression filterOf(Map<String, Object> context) {
        Object given = context.get(VectorStoreDocumentRetriever.FILTER_EXPRESSION);
        Filter.Expression perQuery = switch (given) {
            case null -> null;
            case Filter.Expression expression -> expression;
            case String textForm when !textForm.isBlank() -> filterParser.parse(textForm);
            case String blank -> null;
            default -> throw new IllegalArgumentException("query context " + VectorStoreDocumentRetriever.FILTER_EXPRESSION
                    + " must be a Filter.Expression or its text form, not " + given.getClass().getName());
        };
        if (defaultFilter == null) {
            return perQuery;
        }
        return perQuery == null ? defaultFilter : new Filter.Expression(Filter.ExpressionType.AND, defaultFilter, perQuery);
    }

    private List<String> top(List<String> ids) {
        return ids.subList(0, Math.min(ids.size(), fusionDepth));
    }

    private static List<String> ids(List<StoredChunk> chunks) {
        return chunks.stream().map(StoredChunk::id).toList();
    }

    private static Map<String, Integer> ranks(List<StoredChunk> chunks) {
        Map<String, Integer> ranks = new HashMap<>();
        for (int i = 0; i < chunks.size(); i++) {
            ranks.putIfAbsent(chunks.get(i).id(), i + 1);
        }
        return ranks;
    }

    public static final class Builder {

        private final LuceneIndex index;
        private final EmbeddingModel embeddingModel;
        private LanguageDetector languageDetector = text -> ChunkMetadata.UNDETERMINED_LANGUAGE;
        private QueryTranslator queryTranslator = QueryTranslator.none();
        private Mode mode = Mode.HYBRID;
        private int topK = 5;
        private int candidates = 50;
        private int rrfK = ReciprocalRankFusion.DEFAULT_K;
        private int fusionDepth = DEFAULT_FUSION_DEPTH;
        private java.util.Set<String> embeddingLanguages = java.util.Set.of("en");
        private double foreignDenseWeight = DEFAULT_FOREIGN_DENSE_WEIGHT;
        private Filter.Expression filter;
        private boolean snippets = true;

        private Builder(LuceneIndex index, EmbeddingModel embeddingModel) {
            this.index = index;
            this.embeddingModel = embeddingModel;
        }

        /** Detects the query's language (default: none, so only the neutral field is searched). */
        public Builder languageDetector(LanguageDetector languageDetector) {
            this.languageDetector = languageDetector;
            return this;
        }

        /** Adds translated query words to the BM25 leg (cross-lingual retrieval). */
        public Builder queryTranslator(QueryTranslator queryTranslator) {
            this.queryTranslator = queryTranslator;
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** Number of chunks returned (default 5). */
        public Builder topK(int topK) {
            this.topK = topK;
            return this;
        }

        /** Number of candidates each leg contributes to the fusion (default 50). */
        public Builder candidates(int candidates) {
            this.candidates = candidates;
            return this;
        }

        /** RRF constant (default {@link ReciprocalRankFusion#DEFAULT_K}). */
        public Builder rrfK(int rrfK) {
            this.rrfK = rrfK;
            return this;
        }

        /** How many results of each leg enter the fusion (default {@value HybridRetriever#DEFAULT_FUSION_DEPTH}). */
        public Builder fusionDepth(int fusionDepth) {
            this.fusionDepth = fusionDepth;
            return this;
        }

        /**
         * Languages the embedding model was trained on (default {@code en}, right for the bundled
         * MiniLM; a multilingual model should list all five): for queries in them the dense leg has
         * full weight in the fusion, for others {@link #foreignDenseWeight}.
         */
        public Builder embeddingLanguages(java.util.Set<String> embeddingLanguages) {
            this.embeddingLanguages = embeddingLanguages;
            return this;
        }

        /** Fusion weight of the dense leg for queries outside {@link #embeddingLanguages} (default 0.5). */
        public Builder foreignDenseWeight(double foreignDenseWeight) {
            this.foreignDenseWeight = foreignDenseWeight;
            return this;
        }

        /** A filter applied to every query (e.g. the user's collections), ANDed with per-query filters. */
        public Builder filter(Filter.Expression filter) {
            this.filter = filter;
            return this;
        }

        /** Whether results carry a highlighted {@link #SNIPPET} (default true; the evaluation turns it off). */
        public Builder snippets(boolean snippets) {
            this.snippets = snippets;
            return this;
        }

        public HybridRetriever build() {
            return new HybridRetriever(this);
        }
    }
}
