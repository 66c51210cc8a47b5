package dev.tramontane.rag.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.poi.xwpf.usermodel.BreakType;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocxReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsHeadingsParagraphsTablesAndPageBreaks() throws IOException {
        Path docx = dir.resolve("rapport.docx");
        try (XWPFDocument document = new XWPFDocument(); OutputStream out = Files.newOutputStream(docx)) {
            document.getProperties().getCoreProperties().setTitle("Rapport annuel");
            XWPFParagraph heading = document.createParagraph();
            heading.setStyle("Heading1");
            heading.createRun().setText("Résumé");
            document.createParagraph().createRun().setText("Les éoliennes ont produit davantage cette année.");
            XWPFTable table = document.createTable(1, 2);
            table.getRow(0).getCell(0).setText("Région");
            table.getRow(0).getCell(1).setText("Bretagne");
            XWPFParagraph breakParagraph = document.createParagraph();
            breakParagraph.createRun().addBreak(BreakType.PAGE);
            XWPFParagraph second = document.createParagraph();
            second.setStyle("Heading2");
            second.createRun().setText("Détails");
            document.createParagraph().createRun().setText("Seconde page du rapport.");
            document.write(out);
        }

        List<PageText> pages = ReadPages.of(docx, "rapport.docx");

        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).text()).isEqualTo(
                "Résumé\n\nLes éoliennes ont produit davantage cette année.\n\nRégion | Bretagne");
        assertThat(ReadPages.headingText(pages.get(0), 0)).isEqualTo("Résumé");
        assertThat(pages.get(0).headings().get(0).level()).isEqualTo(1);
        assertThat(pages.get(1).pageNumber()).isEqualTo(2);
        assertThat(pages.get(1).text()).isEqualTo("Détails\n\nSeconde page du rapport.");
        assertThat(pages.get(1).headings().get(0).level()).isEqualTo(2);
        try (PageSource source = new DocumentReaders().open(docx, "rapport.docx")) {
            assertThat(source.title()).contains("Rapport annuel");
        }
    }

    @Test
    void refusesAFileNamedDocxThatIsNotOne() throws IOException {
        Path fake = Files.writeString(dir.resolve("fake.docx"), "plain words pretending to be Word");

        assertThatThrownBy(() -> ReadPages.of(fake, "fake.docx"))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessageContaining("'fake.docx' is not a readable DOCX");
    }
}
