package dev.tramontane.rag.ingest.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Picks the reader for an upload by its file name and rejects what no reader can take (unknown type,
 * empty file) with a message that names the file and the fix.
 */
public final class DocumentReaders {

    private final DocumentReader pdf = new PdfReader();
    private final DocumentReader docx = new DocxReader();
    private final DocumentReader html = new HtmlReader();
    private final DocumentReader markdown = new MarkdownReader();
    private final DocumentReader text = new PlainTextReader();

    /** Opens {@code file}, uploaded as {@code fileName}, with the reader of its format. */
    public PageSource open(Path file, String fileName) throws IOException {
        DocumentFormat format = DocumentFormat.ofFileName(fileName).orElseThrow(() -> new UnreadableDocumentException(
                "file '" + fileName + "' has a type Tramontane does not read; upload one of: "
                        + DocumentFormat.supportedExtensions()));
        if (Files.size(file) == 0) {
            throw new UnreadableDocumentException("file '" + fileName + "' is empty (0 bytes); upload it again");
        }
        return readerFor(format).open(file, fileName);
    }

    public DocumentReader readerFor(DocumentFormat format) {
        return switch (format) {
            case PDF -> pdf;
            case DOCX -> docx;
            case HTML -> html;
            case MARKDOWN -> markdown;
            case TEXT -> text;
        };
    }
}
