package dev.tramontane.rag.ingest.read;

import java.io.IOException;

/**
 * The upload cannot be read as a document: empty, truncated, binary, of an unsupported type, or without
 * text. The message names the file, the problem and what the user can do about it; ingestion shows it
 * as the job's error.
 */
public class UnreadableDocumentException extends IOException {

    public UnreadableDocumentException(String message) {
        super(message);
    }

    public UnreadableDocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
