package dev.tramontane.rag.retrieve;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.lucene.search.Query;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;

import dev.tramontane.rag.store.IndexFields;
import dev.tramontane.rag.store.TextAnalyzers;

/**
 * Builds the citation snippet of a retrieved chunk: the best passages (sentences) of its text with the
 * query's terms wrapped in {@code <mark>…</mark>}. Chunk text is untrusted, so everything outside the
 * tags is HTML-escaped and the snippet can be put into a page as is.
 */
public final class SnippetHighlighter {

    public static final String PRE_TAG = "<mark>";
    public static final String POST_TAG = "</mark>";

    private static final int MAX_PASSAGES = 2;
    private static final int FALLBACK_LENGTH = 240;

    private final UnifiedHighlighter highlighter = UnifiedHighlighter
            .builderWithoutSearcher(TextAnalyzers.perField())
            .withFormatter(new DefaultPassageFormatter(PRE_TAG, POST_TAG, " … ", true))
            .build();

    /**
     * Highlights {@code text} (of {@code language}) for {@code query}, the BM25 query whose terms are in
     * the language field and the neutral field. Falls back to the escaped start of the text when no
     * query term occurs in it (a chunk found by the vector leg alone).
     */
    public String snippet(String text, String language, Query query) {
        try {
            String languageField = IndexFields.textField(language);
            if (languageField != null) {
                String highlighted = highlight(languageField, query, text);
                if (highlighted != null) {
                    return highlighted;
                }
            }
            String neutral = highlight(IndexFields.TEXT_NEUTRAL, query, text);
            return neutral != null ? neutral : escape(text.length() <= FALLBACK_LENGTH ? text : text.substring(0, FALLBACK_LENGTH) + " …");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot highlight a snippet", e);
        }
    }

    private String highlight(String field, Query query, String text) throws IOException {
        Object result = highlighter.highlightWithoutSearcher(field, query, text, MAX_PASSAGES);
        return result != null && result.toString().contains(PRE_TAG) ? result.toString() : null;
    }

    /** HTML-escapes text the same way the highlighter escapes the text around the tags. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#x27;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
