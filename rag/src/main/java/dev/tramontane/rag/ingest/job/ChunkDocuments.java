package dev.tramontane.rag.ingest.job;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.ai.document.Document;

import dev.tramontane.rag.ChunkMetadata;
import dev.tramontane.rag.ingest.chunk.TextChunk;

/** Builds the Spring AI {@code Document} of a chunk with every {@link ChunkMetadata} key filled in. */
public final class ChunkDocuments {

    /** Metadata key of the headings in force at the chunk ("Chapter › Section"); absent when none. */
    public static final String SECTION = "section";

    private ChunkDocuments() {}

    /**
     * The chunk's id depends only on document, content and position, so writing the same chunk twice
     * (a resumed job) replaces it instead of duplicating it.
     */
    public static String chunkId(String documentId, String contentHash, int chunkIndex) {
        return UUID.nameUUIDFromBytes((documentId + '\u0000' + contentHash + '\u0000' + chunkIndex)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static Document toDocument(JobRecord record, TextChunk chunk, String language) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(ChunkMetadata.DOCUMENT_ID, record.documentId());
        metadata.put(ChunkMetadata.TITLE, record.title());
        metadata.put(ChunkMetadata.SOURCE, record.fileName());
        metadata.put(ChunkMetadata.PAGE, chunk.page());
        metadata.put(ChunkMetadata.START_OFFSET, chunk.startOffset());
        metadata.put(ChunkMetadata.END_OFFSET, chunk.endOffset());
        metadata.put(ChunkMetadata.LANGUAGE, language);
        metadata.put(ChunkMetadata.COLLECTION, record.collection());
        metadata.put(ChunkMetadata.CONTENT_HASH, record.contentHash());
        metadata.put(ChunkMetadata.CHUNK_INDEX, chunk.index());
        if (!chunk.section().isEmpty()) {
            metadata.put(SECTION, chunk.section());
        }
        return new Document(chunkId(record.documentId(), record.contentHash(), chunk.index()), chunk.text(), metadata);
    }
}
