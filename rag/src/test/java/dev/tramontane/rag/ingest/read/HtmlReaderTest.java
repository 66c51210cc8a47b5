package dev.tramontane.rag.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReaderTest {

    @TempDir
    Path dir;

    @Test
    void keepsHeadingsAndParagraphsAndDropsScriptsAndNavigation() throws IOException {
        Path html = Files.writeString(dir.resolve("page.html"), """
                <!doctype html><html><head><meta charset="utf-8"><title>Über Gezeiten</title>
                <style>p { color: red }</style></head>
                <body><nav><a href="/">Home</a></nav>
                <h1>Gezeiten</h1>
                <p>Die <b>Flut</b> kommt
                   zweimal am Tag.</p>
                <h2>Ursachen</h2><div>Der Mond zieht am Wasser.</div>
                <script>alert('no')</script>
                </body></html>
                """);

        List<PageText> pages = ReadPages.of(html, "page.html");

        assertThat(pages).hasSize(1);
        PageText page = pages.get(0);
        assertThat(page.text()).isEqualTo("Gezeiten\n\nDie Flut kommt zweimal am Tag.\n\nUrsachen\n\nDer Mond zieht am Wasser.");
        assertThat(ReadPages.headingText(page, 0)).isEqualTo("Gezeiten");
        assertThat(ReadPages.headingText(page, 1)).isEqualTo("Ursachen");
        assertThat(page.headings()).extracting(HeadingSpan::level).containsExactly(1, 2);
        try (PageSource source = new DocumentReaders().open(html, "page.html")) {
            assertThat(source.title()).contains("Über Gezeiten");
        }
    }
}
