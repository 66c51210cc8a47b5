package dev.tramontane.webapp.web;

import java.util.ArrayList;
import java.util.List;
import org.springframework.web.util.HtmlUtils;

/**
 * A piece of a highlighted snippet: plain text, marked or not. The retriever hands snippets as HTML
 * with {@code <mark>} around query terms; the page re-renders them from these segments with
 * Thymeleaf's escaping, so no HTML from a document can reach the page even if a snippet were wrong.
 */
public record SnippetSegment(String text, boolean marked) {

    private static final String OPEN = "<mark>";
    private static final String CLOSE = "</mark>";

    public static List<SnippetSegment> parse(String snippetHtml) {
        List<SnippetSegment> segments = new ArrayList<>();
        if (snippetHtml == null) {
            return segments;
        }
        int at = 0;
        while (at < snippetHtml.length()) {
            int open = snippetHtml.indexOf(OPEN, at);
            if (open < 0) {
                add(segments, snippetHtml.substring(at), false);
                break;
            }
            add(segments, snippetHtml.substring(at, open), false);
            int close = snippetHtml.indexOf(CLOSE, open + OPEN.length());
            int end = close < 0 ? snippetHtml.length() : close;
            add(segments, snippetHtml.substring(open + OPEN.length(), end), true);
            at = close < 0 ? end : close + CLOSE.length();
        }
        return segments;
    }

    private static void add(List<SnippetSegment> segments, String html, boolean marked) {
        if (!html.isEmpty()) {
            segments.add(new SnippetSegment(HtmlUtils.htmlUnescape(html), marked));
        }
    }
}
