package dev.tramontane.rag.ingest.read;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads every page of a file through {@link DocumentReaders}, for reader tests. */
final class ReadPages {

    private ReadPages() {}

    static List<PageText> of(Path file, String name) throws IOException {
        List<PageText> pages = new ArrayList<>();
        try (PageSource source = new DocumentReaders().open(file, name)) {
            for (Optional<PageText> page = source.nextPage(); page.isPresent(); page = source.nextPage()) {
                pages.add(page.get());
            }
        }
        return pages;
    }

    static String headingText(PageText page, int index) {
        HeadingSpan heading = page.headings().get(index);
        return page.text().substring(heading.start(), heading.end());
    }
}
