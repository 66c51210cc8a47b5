package dev.tramontane.rag.ingest.read;

import java.io.IOException;
import java.nio.file.Path;

/** Opens one document format as a stream of pages. */
public interface DocumentReader {

    /**
     * Opens {@code file}. {@code fileName} is the name the user uploaded it as, used in error messages.
     *
     * @throws UnreadableDocumentException when the file is not a readable document of this format
     */
    PageSource open(Path file, String fileName) throws IOException;
}
