package dev.tramontane.rag;

import java.util.Set;

/**
 * The metadata keys every chunk carries in a Spring AI {@code Document}. Ingestion writes them, the
 * {@code LuceneVectorStore} stores each one as a stored and filterable field, and retrieval returns them
 * as the chunk's citation. Filter expressions ({@code collection == 'work' && language == 'fr'}) use
 * these exact names.
 */
public final class ChunkMetadata {

    private ChunkMetadata() {}

    /** Stable id of the source document (string); all chunks of one upload share it. */
    public static final String DOCUMENT_ID = "document_id";
    /** Human-readable title of the source document (string). */
    public static final String TITLE = "title";
    /** File name the document was uploaded as (string). */
    public static final String SOURCE = "source";
    /** 1-based page number of the chunk (int); documents without pages use 1. */
    public static final String PAGE = "page";
    /** Character offset where the chunk starts in its page's (or document's) text (int, inclusive). */
    public static final String START_OFFSET = "start_offset";
    /** Character offset where the chunk ends in its page's (or document's) text (int, exclusive). */
    public static final String END_OFFSET = "end_offset";
    /** ISO 639-1 code of the chunk's language: en, fr, de, es, it, or {@code und} when undetermined. */
    public static final String LANGUAGE = "language";
    /** Collection (workspace) the document belongs to (string). */
    public static final String COLLECTION = "collection";
    /** Hash of the source document's content (string); re-ingesting equal content replaces it. */
    public static final String CONTENT_HASH = "content_hash";
    /** 0-based position of the chunk within its document (int). */
    public static final String CHUNK_INDEX = "chunk_index";

    /** Language value for text whose language could not be determined. */
    public static final String UNDETERMINED_LANGUAGE = "und";

    /** Keys whose values are integers; every other key is a string. */
    public static final Set<String> INTEGER_KEYS = Set.of(PAGE, START_OFFSET, END_OFFSET, CHUNK_INDEX);

    /** All keys above. */
    public static final Set<String> ALL_KEYS = Set.of(DOCUMENT_ID, TITLE, SOURCE, PAGE, START_OFFSET, END_OFFSET,
            LANGUAGE, COLLECTION, CONTENT_HASH, CHUNK_INDEX);
}
