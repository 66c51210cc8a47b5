package dev.tramontane.tools.builtin;

import dev.tramontane.rag.ChunkMetadata;
import dev.tramontane.rag.retrieve.HybridRetriever;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.document.Document;
import org.springframework.ai.rag.Query;
import org.springframework.ai.rag.retrieval.search.DocumentRetriever;
import org.springframework.ai.rag.retrieval.search.VectorStoreDocumentRetriever;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/**
 * The built-in {@code search_documents} tool: retrieval as a tool, so the model can search the
 * user's documents again with its own words (another language, a narrower question). Runs the
 * retriever it is given (in the app, the {@link HybridRetriever}); each hit carries a citation id
 * (the chunk's id), the document, its page and a snippet, so the answer can cite it.
 */
public class SearchDocumentsTool {

    /** Passage text beyond this is cut: the model needs the gist, the context window is small. */
    static final int MAX_PASSAGE_CHARS = 700;
    static final int MAX_RESULTS = 8;

    private final DocumentRetriever retriever;

    public SearchDocumentsTool(DocumentRetriever retriever) {
        this.retriever = retriever;
    }

    public record Hit(String citationId, String documentId, String title, int page, String snippet, String text) {}

    public record SearchResults(String query, List<Hit> results) {}

    @Tool(name = "search_documents",
            description = "Searches the user's documents (hybrid keyword and semantic search, any of English, French, "
                    + "German, Spanish, Italian) and returns the best passages with their document, page and a citationId. "
                    + "Cite passages you use as [citationId].")
    public SearchResults search(
            @ToolParam(description = "what to look for, in words likely to appear in the documents") String query,
            @ToolParam(required = false, description = "only search this collection") String collection,
            @ToolParam(required = false, description = "how many passages, 1 to 8; default 5") Integer maxResults) {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("the query is empty; give words to search for");
        }
        int limit = maxResults == null ? 5 : Math.clamp(maxResults, 1, MAX_RESULTS);
        Map<String, Object> context = new HashMap<>();
        if (collection != null && !collection.isBlank()) {
            context.put(VectorStoreDocumentRetriever.FILTER_EXPRESSION, ChunkMetadata.COLLECTION + " == '"
                    + collection.strip().replace("\\", "\\\\").replace("'", "\\'") + "'");
        }
        List<Document> documents = retriever.retrieve(new Query(query.strip(), List.of(), context));
        List<Hit> hits = new ArrayList<>();
        for (Document d : documents) {
            if (hits.size() == limit) {
                break;
            }
            Map<String, Object> m = d.getMetadata();
            hits.add(new Hit(d.getId(), string(m, ChunkMetadata.DOCUMENT_ID), string(m, ChunkMetadata.TITLE),
                    m.get(ChunkMetadata.PAGE) instanceof Number n ? n.intValue() : 1,
                    plain(string(m, HybridRetriever.SNIPPET)), cut(d.getText())));
        }
        return new SearchResults(query.strip(), hits);
    }

    private static String string(Map<String, Object> metadata, String key) {
        Object value = metadata.get(key);
        return value == null ? "" : value.toString();
    }

    /** The snippet is HTML for the UI (escaped text, {@code <mark>}ed terms); the model gets plain text. */
    private static String plain(String html) {
        return html.replace("<mark>", "").replace("</mark>", "").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&#x27;", "'").replace("&amp;", "&");
    }

    private static String cut(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_PASSAGE_CHARS ? text : text.substring(0, MAX_PASSAGE_CHARS) + "…";
    }
}
