package dev.tramontane.webapp.api;

import dev.tramontane.rag.ChunkMetadata;
import dev.tramontane.rag.language.LanguageDetector;
import dev.tramontane.rag.language.QueryTranslator;
import dev.tramontane.rag.retrieve.HybridRetriever;
import dev.tramontane.rag.store.LuceneVectorStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.document.Document;
import org.springframework.ai.rag.Query;
import org.springframework.ai.rag.retrieval.search.VectorStoreDocumentRetriever;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hybrid search over the library (per-language BM25 + vectors, fused), with filters on collection,
 * language and document, and snippets whose matching words are wrapped in {@code <mark>}.
 */
@RestController
@Tag(name = "Search", description = "Hybrid search with highlighted snippets")
class SearchApiController {

    static final int MAX_RESULTS = 50;

    private final LuceneVectorStore store;
    private final LanguageDetector languageDetector;
    private final QueryTranslator queryTranslator;

    SearchApiController(LuceneVectorStore store, LanguageDetector languageDetector, QueryTranslator queryTranslator) {
        this.store = store;
        this.languageDetector = languageDetector;
        this.queryTranslator = queryTranslator;
    }

    @Operation(summary = "Search the documents; filters: collection, language (ISO 639-1), document id")
    @GetMapping("/api/search")
    Map<String, Object> search(@RequestParam("q") String q,
                               @RequestParam(name = "collection", required = false) String collection,
                               @RequestParam(name = "language", required = false) String language,
                               @RequestParam(name = "document", required = false) String document,
                               @RequestParam(name = "limit", defaultValue = "10") int limit) {
        if (q.isBlank()) {
            throw ApiException.badRequest("q", "the query 'q' must not be empty");
        }
        if (limit < 1 || limit > MAX_RESULTS) {
            throw ApiException.badRequest("limit", "limit must be between 1 and " + MAX_RESULTS);
        }
        List<String> filters = new ArrayList<>();
        addFilter(filters, ChunkMetadata.COLLECTION, "collection", collection);
        addFilter(filters, ChunkMetadata.LANGUAGE, "language", language);
        addFilter(filters, ChunkMetadata.DOCUMENT_ID, "document", document);
        HybridRetriever retriever = HybridRetriever.builder(store).languageDetector(languageDetector)
                .queryTranslator(queryTranslator).topK(limit).build();
        Query.Builder query = Query.builder().text(q);
        if (!filters.isEmpty()) {
            query.context(Map.of(VectorStoreDocumentRetriever.FILTER_EXPRESSION, String.join(" && ", filters)));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (Document d : retriever.retrieve(query.build())) {
            Map<String, Object> m = d.getMetadata();
            Map<String, Object> hit = new LinkedHashMap<>();
            hit.put("document_id", m.get(ChunkMetadata.DOCUMENT_ID));
            hit.put("title", m.get(ChunkMetadata.TITLE));
            hit.put("collection", m.get(ChunkMetadata.COLLECTION));
            hit.put("language", m.get(ChunkMetadata.LANGUAGE));
            hit.put("page", m.get(ChunkMetadata.PAGE));
            hit.put("start_offset", m.get(ChunkMetadata.START_OFFSET));
            hit.put("end_offset", m.get(ChunkMetadata.END_OFFSET));
            hit.put("score", m.get(HybridRetriever.SCORE));
            hit.put("snippet", m.get(HybridRetriever.SNIPPET));
            hit.put("url", "/api/documents/" + m.get(ChunkMetadata.DOCUMENT_ID) + (m.get(ChunkMetadata.PAGE) != null ? "#page=" + m.get(ChunkMetadata.PAGE) : ""));
            results.add(hit);
        }
        return Map.of("query", q, "results", results);
    }

    private static void addFilter(List<String> filters, String key, String param, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        if (!value.matches("[\\p{L}\\p{N} _.:-]{1,200}")) {
            throw ApiException.badRequest(param, param + " may hold letters, digits, spaces and _.:- only (got '" + value + "')");
        }
        filters.add(key + " == '" + value + "'");
    }
}
