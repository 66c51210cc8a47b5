package dev.tramontane.rag.ingest.read;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * Reads a PDF page by page with PDFBox 3. The file is opened as a random-access file (not read into the
 * heap), PDFBox parses objects lazily and its stream cache spills to temp files, and the text of one page
 * is extracted at a time: memory stays bounded on a 500-page PDF.
 *
 * <p>A PDF must end with {@code %%EOF} (ISO 32000-1, 7.5.5). PDFBox's lenient parser would otherwise
 * "repair" a cut-off upload and index only the pages that survived, so a missing marker is reported as a
 * truncated file instead.
 */
public final class PdfReader implements DocumentReader {

    /** Readers look for the end marker within the last 1024 bytes, as Acrobat does. */
    private static final int TRAILER_WINDOW = 1024;

    @Override
    public PageSource open(Path file, String fileName) throws IOException {
        checkHeaderAndTrailer(file, fileName);
        PDDocument document;
        try {
            document = Loader.loadPDF(new RandomAccessReadBufferedFile(file.toFile()), "",
                    IOUtils.createTempFileOnlyStreamCache());
        } catch (InvalidPasswordException e) {
            throw new UnreadableDocumentException("PDF '" + fileName
                    + "' is password-protected; remove the password (print to PDF) and upload it again", e);
        } catch (IOException e) {
            throw new UnreadableDocumentException("PDF '" + fileName + "' is damaged and cannot be parsed ("
                    + e.getMessage() + "); re-export it from the original application and upload it again", e);
        }
        return new PdfPageSource(document, fileName);
    }

    private static void checkHeaderAndTrailer(Path file, String fileName) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            byte[] head = new byte[(int) Math.min(TRAILER_WINDOW, length)];
            raf.readFully(head);
            if (!new String(head, StandardCharsets.ISO_8859_1).contains("%PDF-")) {
                throw new UnreadableDocumentException("file '" + fileName
                        + "' is named like a PDF but does not start with a %PDF- header; upload the real PDF file");
            }
            byte[] tail = new byte[(int) Math.min(TRAILER_WINDOW, length)];
            raf.seek(length - tail.length);
            raf.readFully(tail);
            if (!new String(tail, StandardCharsets.ISO_8859_1).contains("%%EOF")) {
                throw new UnreadableDocumentException("PDF '" + fileName
                        + "' is truncated: it does not end with the %%EOF marker, so the upload was probably cut off;"
                        + " upload the complete file");
            }
        }
    }

    private static final class PdfPageSource implements PageSource {
        private final PDDocument document;
        private final String fileName;
        private final PdfPageTextStripper stripper;
        private final int pageCount;
        private int nextPage = 1;

        PdfPageSource(PDDocument document, String fileName) throws IOException {
            this.document = document;
            this.fileName = fileName;
            this.stripper = new PdfPageTextStripper();
            this.pageCount = document.getNumberOfPages();
        }

        @Override
        public int pageCount() {
            return pageCount;
        }

        @Override
        public Optional<String> title() {
            String title = document.getDocumentInformation().getTitle();
            return title == null || title.isBlank() ? Optional.empty() : Optional.of(title.strip());
        }

        @Override
        public Optional<PageText> nextPage() throws IOException {
            if (nextPage > pageCount) {
                return Optional.empty();
            }
            int page = nextPage++;
            try {
                return Optional.of(stripper.extract(document, page));
            } catch (IOException | RuntimeException e) {
                throw new UnreadableDocumentException("page " + page + " of PDF '" + fileName
                        + "' is damaged and its text cannot be extracted (" + e + "); re-export the PDF and upload it again", e);
            }
        }

        @Override
        public void close() throws IOException {
            document.close();
        }
    }
}
