package dev.tramontane.webapp.chat;

import dev.tramontane.rag.ChunkMetadata;
import dev.tramontane.rag.language.LanguageDetector;
import dev.tramontane.rag.language.QueryTranslator;
import dev.tramontane.rag.retrieve.HybridRetriever;
import dev.tramontane.rag.store.LuceneVectorStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.document.Document;
import org.springframework.ai.rag.Query;
import org.springframework.ai.rag.retrieval.search.VectorStoreDocumentRetriever;
import org.springframework.stereotype.Component;

/**
 * Finds the numbered sources of a question with the hybrid retriever, under the user's retrieval
 * settings (collection, top-k, hybrid on/off). A retriever is cheap to build, so each call builds
 * one for the settings of the moment.
 */
@Component
public class PassageRetriever {

    private final LuceneVectorStore store;
    private final LanguageDetector languageDetector;
    private final QueryTranslator queryTranslator;

    public PassageRetriever(LuceneVectorStore store, LanguageDetector languageDetector, QueryTranslator queryTranslator) {
        this.store = store;
        this.languageDetector = languageDetector;
        this.queryTranslator = queryTranslator;
    }

    /** The best passages for {@code question}, numbered from 1 in rank order. */
    public List<Citation> find(String question, String collection, int topK, boolean hybrid) {
        HybridRetriever retriever = HybridRetriever.builder(store)
                .languageDetector(languageDetector)
                .queryTranslator(queryTranslator)
                .mode(hybrid ? HybridRetriever.Mode.HYBRID : HybridRetriever.Mode.BM25)
                .topK(Math.max(1, topK))
                .build();
        Map<String, Object> context = new HashMap<>();
        if (collection != null && !collection.isBlank()) {
            context.put(VectorStoreDocumentRetriever.FILTER_EXPRESSION,
                    ChunkMetadata.COLLECTION + " == '" + collection.replace("\\", "\\\\").replace("'", "\\'") + "'");
        }
        List<Document> documents = retriever.retrieve(new Query(question, List.of(), context));
        List<Citation> citations = new ArrayList<>(documents.size());
        for (Document d : documents) {
            Map<String, Object> m = d.getMetadata();
            citations.add(new Citation(citations.size() + 1, string(m, ChunkMetadata.DOCUMENT_ID), string(m, ChunkMetadata.TITLE),
                    string(m, ChunkMetadata.SOURCE), m.get(ChunkMetadata.PAGE) instanceof Number n ? n.intValue() : 1,
                    string(m, HybridRetriever.SNIPPET), d.getText() == null ? "" : d.getText()));
        }
        return citations;
    }

    private static String string(Map<String, Object> metadata, String key) {
        Object value = metadata.get(key);
        return value == null ? "" : value.toString();
    }
}
