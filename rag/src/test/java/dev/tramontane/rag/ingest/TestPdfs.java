package dev.tramontane.rag.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Writes PDFs for tests with PDFBox: a heading line in a large font, then body lines. */
public final class TestPdfs {

    /** One page's content: an optional heading (null for none) and its body lines. */
    public record Page(String heading, List<String> lines) {}

    private TestPdfs() {}

    public static Path write(Path file, int pageCount, IntFunction<Page> pageContent) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDType1Font body = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            for (int number = 1; number <= pageCount; number++) {
                Page page = pageContent.apply(number);
                PDPage pdPage = new PDPage(PDRectangle.A4);
                document.addPage(pdPage);
                try (PDPageContentStream content = new PDPageContentStream(document, pdPage)) {
                    content.beginText();
                    content.newLineAtOffset(50, 780);
                    if (page.heading() != null) {
                        content.setFont(bold, 20);
                        content.showText(page.heading());
                        content.newLineAtOffset(0, -30);
                    }
                    content.setFont(body, 11);
                    for (String line : page.lines()) {
                        content.showText(line);
                        content.newLineAtOffset(0, -14);
                    }
                    content.endText();
                }
            }
            document.getDocumentInformation().setTitle("Test document of " + pageCount + " pages");
            document.save(file.toFile());
        }
        return file;
    }

    /** Body lines of page {@code number}: distinct sentences, so every chunk is different. */
    public static List<String> sentences(int number, int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> "Page " + number + " line " + i + " talks about harbour cranes, tides and the wind.")
                .toList();
    }
}
