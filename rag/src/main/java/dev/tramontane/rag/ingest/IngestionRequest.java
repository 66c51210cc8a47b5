package dev.tramontane.rag.ingest;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One upload to ingest.
 *
 * @param file       where the uploaded bytes are now; ingestion copies them, so the caller may delete it after
 *                   {@link IngestionService#submit} returns
 * @param fileName   the name the user uploaded it as; its extension picks the reader
 * @param collection the workspace it belongs to
 * @param documentId the document's id, or null to derive a stable one from collection and file name (so
 *                   uploading a new version of {@code report.pdf} replaces the old one)
 * @param title      a title to show, or null to take the document's own (or the file name)
 */
public record IngestionRequest(Path file, String fileName, String collection, String documentId, String title) {

    public static final String DEFAULT_COLLECTION = "default";

    public IngestionRequest {
        Objects.requireNonNull(file, "file");
        if (fileName == null || fileName.isBlank()) {
            throw new IllegalArgumentException("an upload needs its file name (its extension picks the reader)");
        }
        collection = collection == null || collection.isBlank() ? DEFAULT_COLLECTION : collection;
    }

    /** {@code file} under its own name, in {@code collection}. */
    public static IngestionRequest of(Path file, String collection) {
        return new IngestionRequest(file, file.getFileName().toString(), collection, null, null);
    }
}
