package dev.tramontane.rag.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tramontane.rag.ingest.TestPdfs;

class PdfReaderTest {

    @TempDir
    Path dir;

    private final DocumentReaders readers = new DocumentReaders();

    @Test
    void findsTheTextOfPageThreeOnPageThree() throws IOException {
        Path pdf = TestPdfs.write(dir.resolve("three.pdf"), 3, n -> new TestPdfs.Page(null,
                List.of(n == 3 ? "The lighthouse keeper feeds the gulls at noon." : "Nothing special on page " + n + ".")));
        List<PageText> pages = readAll(pdf, "three.pdf");

        assertThat(pages).extracting(PageText::pageNumber).containsExactly(1, 2, 3);
        assertThat(pages.get(2).text()).contains("The lighthouse keeper feeds the gulls at noon.");
        assertThat(pages.get(0).text()).doesNotContain("lighthouse");
        assertThat(pages.get(1).text()).doesNotContain("lighthouse");
    }

    @Test
    void reportsPageCountAndTitleBeforeReadingPages() throws IOException {
        Path pdf = TestPdfs.write(dir.resolve("t.pdf"), 4, n -> new TestPdfs.Page(null, List.of("x" + n)));
        try (PageSource source = readers.open(pdf, "t.pdf")) {
            assertThat(source.pageCount()).isEqualTo(4);
            assertThat(source.title()).contains("Test document of 4 pages");
        }
    }

    @Test
    void marksLinesInALargerFontAsHeadings() throws IOException {
        Path pdf = TestPdfs.write(dir.resolve("h.pdf"), 1, n -> new TestPdfs.Page("Tidal Energy",
                List.of("Body text line one.", "Body text line two.", "Body text line three.")));
        PageText page = readAll(pdf, "h.pdf").get(0);

        assertThat(page.headings()).hasSize(1);
        HeadingSpan heading = page.headings().get(0);
        assertThat(page.text().substring(heading.start(), heading.end())).isEqualTo("Tidal Energy");
        assertThat(heading.level()).isEqualTo(1);
    }

    @Test
    void refusesATruncatedPdfWithAClearMessage() throws IOException {
        Path pdf = TestPdfs.write(dir.resolve("full.pdf"), 3, n -> new TestPdfs.Page(null, TestPdfs.sentences(n, 5)));
        byte[] bytes = Files.readAllBytes(pdf);
        Path truncated = Files.write(dir.resolve("cut.pdf"), Arrays.copyOf(bytes, bytes.length * 2 / 3));

        assertThatThrownBy(() -> readAll(truncated, "cut.pdf"))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessageContaining("'cut.pdf'").hasMessageContaining("truncated");
    }

    @Test
    void refusesAFileNamedPdfThatIsNotAPdf() throws IOException {
        Path fake = Files.writeString(dir.resolve("fake.pdf"), "just some words, not a PDF at all");

        assertThatThrownBy(() -> readAll(fake, "fake.pdf"))
                .isInstanceOf(UnreadableDocumentException.class).hasMessageContaining("%PDF-");
    }

    @Test
    void refusesAPdfWhoseBodyIsGarbageWithAClearMessage() throws IOException {
        byte[] garbage = "%PDF-1.7\n\u0001\u0002 garbage garbage \ntrailer\n<< /Root 99 0 R >>\n%%EOF\n".getBytes();
        Path broken = Files.write(dir.resolve("broken.pdf"), garbage);

        assertThatThrownBy(() -> readAll(broken, "broken.pdf"))
                .isInstanceOf(UnreadableDocumentException.class).hasMessageContaining("'broken.pdf'");
    }

    private List<PageText> readAll(Path file, String name) throws IOException {
        List<PageText> pages = new ArrayList<>();
        try (PageSource source = readers.open(file, name)) {
            for (Optional<PageText> page = source.nextPage(); page.isPresent(); page = source.nextPage()) {
                pages.add(page.get());
            }
        }
        return pages;
    }
}
