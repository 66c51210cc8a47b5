package dev.tramontane.rag.ingest.read;

import java.util.List;
import java.util.Optional;

/** Pages of a format that is parsed whole (DOCX, HTML, Markdown, text), handed out one by one. */
final class ListPageSource implements PageSource {

    private final List<PageText> pages;
    private final String title;
    private int next;

    ListPageSource(List<PageText> pages, String title) {
        this.pages = List.copyOf(pages);
        this.title = title == null || title.isBlank() ? null : title.strip();
    }

    @Override
    public int pageCount() {
        return pages.size();
    }

    @Override
    public Optional<String> title() {
        return Optional.ofNullable(title);
    }

    @Override
    public Optional<PageText> nextPage() {
        return next < pages.size() ? Optional.of(pages.get(next++)) : Optional.empty();
    }

    @Override
    public void close() {}
}
