package dev.tramontane.rag.ingest.read;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays out headings and paragraphs of a parsed document as page text: one blank line between blocks,
 * heading spans recorded where they land, a new page at each page break. Used by the readers of formats
 * that carry structure (DOCX, HTML, Markdown).
 */
final class StructuredTextBuilder {

    private final List<PageText> pages = new ArrayList<>();
    private StringBuilder text = new StringBuilder();
    private List<HeadingSpan> headings = new ArrayList<>();

    void heading(String heading, int level) {
        String stripped = heading.strip().replaceAll("\\s+", " ");
        if (stripped.isEmpty()) {
            return;
        }
        separateBlock();
        int start = text.length();
        text.append(stripped);
        headings.add(new HeadingSpan(start, text.length(), Math.max(1, Math.min(6, level))));
    }

    void paragraph(String paragraph) {
        String stripped = paragraph.strip();
        if (stripped.isEmpty()) {
            return;
        }
        separateBlock();
        text.append(stripped);
    }

    void pageBreak() {
        pages.add(new PageText(pages.size() + 1, text.toString(), headings));
        text = new StringBuilder();
        headings = new ArrayList<>();
    }

    List<PageText> pages() {
        List<PageText> all = new ArrayList<>(pages);
        all.add(new PageText(pages.size() + 1, text.toString(), headings));
        return all;
    }

    private void separateBlock() {
        if (!text.isEmpty()) {
            text.append("\n\n");
        }
    }
}
