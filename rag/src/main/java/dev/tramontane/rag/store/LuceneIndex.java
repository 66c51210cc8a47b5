package dev.tramontane.rag.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Lucene index directory on disk with one writer and a near-real-time searcher. Every write
 * ends with a commit, so a batch is either wholly durable or (after a crash) wholly absent; searches
 * see a refreshed reader while other threads keep writing.
 */
public final class LuceneIndex implements Closeable {

    private static final TypeReference<Map<String, Object>> METADATA_TYPE = new TypeReference<>() {};

    private final Path directoryPath;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final JsonMapper json = JsonMapper.builder().build();

    private LuceneIndex(Path directoryPath) throws IOException {
        this.directoryPath = directoryPath;
        Files.createDirectories(directoryPath);
        this.directory = FSDirectory.open(directoryPath);
        IndexWriterConfig config = new IndexWriterConfig(TextAnalyzers.perField())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(64);
        this.writer = new IndexWriter(directory, config);
        this.searchers = new SearcherManager(writer, null);
    }

    /** Opens (creating if needed) the index in {@code directory}; e.g. {@code <data dir>/index}. */
    public static LuceneIndex open(Path directory) {
        try {
            return new LuceneIndex(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the Lucene index at " + directory
                    + " (is another process using it? check the directory exists and is writable)", e);
        }
    }

    public Path directory() {
        return directoryPath;
    }

    /** Adds or replaces (same {@link IndexFields#ID}) the given documents and commits them together. */
    public void upsert(List<Document> documents) {
        try {
            for (Document document : documents) {
                writer.updateDocument(new Term(IndexFields.ID, document.get(IndexFields.ID)), document);
            }
            commitAndRefresh();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + documents.size() + " chunks to the index at " + directoryPath, e);
        }
    }

    public void deleteIds(Collection<String> ids) {
        try {
            writer.deleteDocuments(ids.stream().map(id -> new Term(IndexFields.ID, id)).toArray(Term[]::new));
            commitAndRefresh();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete chunks from the index at " + directoryPath, e);
        }
    }

    public void deleteMatching(Query query) {
        try {
            writer.deleteDocuments(query);
            commitAndRefresh();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete chunks from the index at " + directoryPath, e);
        }
    }

    private void commitAndRefresh() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    /** The best {@code n} chunks for {@code query}, best first, with their stored text and metadata. */
    public List<StoredChunk> search(Query query, int n) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                TopDocs top = searcher.search(query, Math.max(1, n));
                StoredFields stored = searcher.storedFields();
                List<StoredChunk> chunks = new ArrayList<>(top.scoreDocs.length);
                for (ScoreDoc hit : top.scoreDocs) {
                    Document document = stored.document(hit.doc);
                    chunks.add(new StoredChunk(document.get(IndexFields.ID), document.get(IndexFields.CONTENT),
                            json.readValue(document.get(IndexFields.METADATA_JSON), METADATA_TYPE), hit.score));
                }
                return chunks;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search the index at " + directoryPath, e);
        }
    }

    /** Number of live chunks visible to searches now. */
    public int size() {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.getIndexReader().numDocs();
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the index at " + directoryPath, e);
        }
    }

    String toJson(Map<String, Object> metadata) {
        return json.writeValueAsString(metadata);
    }

    @Override
    public void close() {
        try (directory; writer; searchers) {
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the index at " + directoryPath, e);
        }
    }
}
