package dev.tramontane.webapp.api;

import dev.tramontane.rag.ChunkMetadata;
import dev.tramontane.rag.retrieve.HybridRetriever;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.document.Document;
import org.springframework.ai.rag.Query;
import org.springframework.ai.rag.retrieval.search.VectorStoreDocumentRetriever;

/**
 * Retrieval for an API chat request that opted in: the last user message is searched in one
 * collection, the passages are given to the model as numbered sources in a system message, and
 * come back to the client as OpenAI {@code url_citation} annotations pointing at
 * {@code /api/documents/{id}#page=N}.
 */
final class RetrievedContext {

    private final List<Document> passages;

    private RetrievedContext(List<Document> passages) {
        this.passages = passages;
    }

    static RetrievedContext search(HybridRetriever retriever, String collection, List<Message> messages) {
        if (!collection.matches("[\\p{L}\\p{N} _.:-]{1,100}")) {
            throw ApiException.badRequest("tramontane.collection", "a collection name is 1-100 letters, digits, spaces or _.:- (got '" + collection + "')");
        }
        String question = messages.reversed().stream().filter(m -> m.getMessageType() == MessageType.USER)
                .map(Message::getText).findFirst()
                .orElseThrow(() -> ApiException.badRequest("messages", "retrieval needs a user message to search for"));
        Query query = Query.builder().text(question)
                .context(Map.of(VectorStoreDocumentRetriever.FILTER_EXPRESSION, ChunkMetadata.COLLECTION + " == '" + collection + "'"))
                .build();
        return new RetrievedContext(retriever.retrieve(query));
    }

    /** The conversation with the sources added as a system message (unchanged when nothing was found). */
    List<Message> augment(List<Message> messages) {
        if (passages.isEmpty()) {
            return messages;
        }
        StringBuilder text = new StringBuilder("Answer from the sources below and cite them as [1], [2], … "
                + "If they do not contain the answer, say so.\n");
        for (int i = 0; i < passages.size(); i++) {
            Document d = passages.get(i);
            text.append("\n[").append(i + 1).append("] ").append(title(d));
            Object page = d.getMetadata().get(ChunkMetadata.PAGE);
            if (page != null) {
                text.append(", page ").append(page);
            }
            text.append(":\n").append(d.getText()).append('\n');
        }
        List<Message> out = new ArrayList<>();
        out.add(new SystemMessage(text.toString()));
        out.addAll(messages);
        return out;
    }

    /**
     * One {@code url_citation} per source. {@code start_index}/{@code end_index} locate the answer's
     * first {@code [n]} marker for that source; a source the answer never marks has both at 0.
     */
    List<Map<String, Object>> annotations(String answer) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < passages.size(); i++) {
            Document d = passages.get(i);
            String marker = "[" + (i + 1) + "]";
            int at = answer == null ? -1 : answer.indexOf(marker);
            Map<String, Object> citation = new LinkedHashMap<>();
            Object page = d.getMetadata().get(ChunkMetadata.PAGE);
            citation.put("url", "/api/documents/" + d.getMetadata().get(ChunkMetadata.DOCUMENT_ID) + (page != null ? "#page=" + page : ""));
            citation.put("title", title(d));
            citation.put("start_index", Math.max(at, 0));
            citation.put("end_index", at < 0 ? 0 : at + marker.length());
            Map<String, Object> annotation = new LinkedHashMap<>();
            annotation.put("type", "url_citation");
            annotation.put("url_citation", citation);
            out.add(annotation);
        }
        return out;
    }

    boolean isEmpty() {
        return passages.isEmpty();
    }

    private static String title(Document d) {
        Object title = d.getMetadata().get(ChunkMetadata.TITLE);
        return title != null ? title.toString() : String.valueOf(d.getMetadata().get(ChunkMetadata.SOURCE));
    }
}
