package dev.tramontane.webapp.web;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Writes multi-page PDFs for the tests, one list of lines per page. */
final class TestPdfs {

    /** A four-page report whose only mention of the lighthouse keeper is on page 3. */
    static final List<List<String>> LIGHTHOUSE_REPORT = List.of(
            List.of("Annual report of the coastal survey.", "The survey measured tides along the northern shore.",
                    "Tide gauges were calibrated every spring by the harbour office."),
            List.of("Fishing fleet statistics.", "Sardine catches rose by a tenth compared with the previous season.",
                    "Trawlers now report their position every hour."),
            List.of("Lighthouse staffing.", "The lighthouse keeper of Cap Béar is named Aurelio Mastrangelo.",
                    "He climbs the one hundred and twelve steps of the tower every evening."),
            List.of("Budget and outlook.", "Harbour dues will not change next year.",
                    "A new breakwater is planned for the southern basin."));

    private TestPdfs() {}

    static Path write(Path file, List<List<String>> pages) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (List<String> lines : pages) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream text = new PDPageContentStream(document, page)) {
                    text.beginText();
                    text.setFont(font, 12);
                    text.setLeading(16);
                    text.newLineAtOffset(72, 720);
                    for (String line : lines) {
                        text.showText(line);
                        text.newLine();
                    }
                    text.endText();
                }
            }
            document.save(file.toFile());
        }
        return file;
    }
}
