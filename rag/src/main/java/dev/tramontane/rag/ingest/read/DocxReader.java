package dev.tramontane.rag.ingest.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTBr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STBrType;

/**
 * Reads DOCX with Apache POI. Paragraphs styled "Heading N" (or "Title") become headings, tables become
 * one paragraph per row. A DOCX stores no page layout, so page numbers come from explicit page breaks
 * (a page-break run or "page break before"); without them the document is page 1.
 */
public final class DocxReader implements DocumentReader {

    private static final Pattern HEADING_STYLE = Pattern.compile("(?i)heading\\s*([1-9])");

    @Override
    public PageSource open(Path file, String fileName) throws IOException {
        try (InputStream in = Files.newInputStream(file); XWPFDocument document = new XWPFDocument(in)) {
            StructuredTextBuilder builder = new StructuredTextBuilder();
            for (IBodyElement element : document.getBodyElements()) {
                switch (element) {
                    case XWPFParagraph paragraph -> readParagraph(document, paragraph, builder);
                    case XWPFTable table -> readTable(table, builder);
                    default -> { }
                }
            }
            String title = document.getProperties().getCoreProperties().getTitle();
            return new ListPageSource(builder.pages(), title);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableDocumentException("file '" + fileName + "' is not a readable DOCX document ("
                    + e.getMessage() + "); save it again from Word or LibreOffice as .docx and upload it", e);
        }
    }

    private static void readParagraph(XWPFDocument document, XWPFParagraph paragraph, StructuredTextBuilder builder) {
        if (paragraph.isPageBreak()) {
            builder.pageBreak();
        }
        int level = headingLevel(document, paragraph);
        if (level > 0) {
            builder.heading(paragraph.getText(), level);
            return;
        }
        StringBuilder text = new StringBuilder();
        for (XWPFRun run : paragraph.getRuns()) {
            if (hasPageBreak(run)) {
                builder.paragraph(text.toString());
                text.setLength(0);
                builder.pageBreak();
            }
            text.append(run.text());
        }
        builder.paragraph(text.toString());
    }

    private static void readTable(XWPFTable table, StructuredTextBuilder builder) {
        for (XWPFTableRow row : table.getRows()) {
            StringJoiner cells = new StringJoiner(" | ");
            for (XWPFTableCell cell : row.getTableCells()) {
                cells.add(cell.getText().strip());
            }
            builder.paragraph(cells.toString());
        }
    }

    private static boolean hasPageBreak(XWPFRun run) {
        for (CTBr br : run.getCTR().getBrList()) {
            if (br.getType() == STBrType.PAGE) {
                return true;
            }
        }
        return false;
    }

    /** 1–9 for heading styles, 1 for the Title style, 0 for body text. */
    private static int headingLevel(XWPFDocument document, XWPFParagraph paragraph) {
        String styleId = paragraph.getStyleID();
        if (styleId == null) {
            return 0;
        }
        String name = styleId;
        if (document.getStyles() != null) {
            XWPFStyle style = document.getStyles().getStyle(styleId);
            if (style != null && style.getName() != null) {
                name = style.getName();
            }
        }
        Matcher matcher = HEADING_STYLE.matcher(name.replace(" ", ""));
        if (matcher.matches()) {
            return matcher.group(1).charAt(0) - '0';
        }
        return name.equalsIgnoreCase("title") ? 1 : 0;
    }
}
