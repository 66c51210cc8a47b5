package dev.tramontane.rag.ingest.read;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * Extracts one page's text and finds its headings. PDFs carry no heading markup (tagged PDFs aside), so a
 * line is taken as a heading when its font is clearly larger than the page's body text (the size that
 * covers most characters) and it is short — the way people see headings on a page.
 */
final class PdfPageTextStripper extends PDFTextStripper {

    /** A heading's font is at least this much larger than the body font. */
    private static final float HEADING_SIZE_RATIO = 1.15f;
    private static final int MAX_HEADING_CHARS = 150;

    private record Piece(int start, int end, float fontSize) {}

    private final List<Piece> pieces = new ArrayList<>();
    private StringWriter output;

    PdfPageTextStripper() throws IOException {
        setLineSeparator("\n");
        // An empty line after each paragraph PDFBox detects, so the chunker sees paragraph boundaries.
        setParagraphEnd("\n");
    }

    PageText extract(PDDocument document, int page) throws IOException {
        pieces.clear();
        output = new StringWriter();
        setStartPage(page);
        setEndPage(page);
        writeText(document, output);
        String text = output.toString();
        return new PageText(page, text, headings(text));
    }

    @Override
    protected void writeString(String text, List<TextPosition> positions) throws IOException {
        int start = output.getBuffer().length();
        super.writeString(text, positions);
        int end = output.getBuffer().length();
        if (end > start && !positions.isEmpty()) {
            float size = 0;
            for (TextPosition position : positions) {
                size += position.getFontSizeInPt();
            }
            pieces.add(new Piece(start, end, size / positions.size()));
        }
    }

    private List<HeadingSpan> headings(String text) {
        Map<Float, Integer> charactersBySize = new HashMap<>();
        for (Piece piece : pieces) {
            charactersBySize.merge(round(piece.fontSize), piece.end - piece.start, Integer::sum);
        }
        float body = charactersBySize.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey).orElse(0f);
        List<Piece> large = new ArrayList<>();
        TreeSet<Float> headingSizes = new TreeSet<>();
        for (Piece piece : pieces) {
            if (body > 0 && piece.fontSize >= body * HEADING_SIZE_RATIO) {
                large.add(piece);
                headingSizes.add(round(piece.fontSize));
            }
        }
        List<HeadingSpan> headings = new ArrayList<>();
        int i = 0;
        while (i < large.size()) {
            // Pieces of one heading line follow each other with only spaces between them.
            Piece first = large.get(i);
            int end = first.end;
            int j = i + 1;
            while (j < large.size() && text.substring(end, large.get(j).start).isBlank()
                    && text.substring(end, large.get(j).start).indexOf('\n') < 0) {
                end = large.get(j).end;
                j++;
            }
            int start = first.start;
            while (start < end && Character.isWhitespace(text.charAt(start))) start++;
            while (end > start && Character.isWhitespace(text.charAt(end - 1))) end--;
            if (end > start && end - start <= MAX_HEADING_CHARS) {
                int level = Math.min(6, headingSizes.descendingSet().headSet(round(first.fontSize), true).size());
                headings.add(new HeadingSpan(start, end, Math.max(1, level)));
            }
            i = j;
        }
        return headings;
    }

    private static float round(float size) {
        return Math.round(size * 2) / 2f;
    }
}
