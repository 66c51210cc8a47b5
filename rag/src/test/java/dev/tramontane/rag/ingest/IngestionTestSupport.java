package dev.tramontane.rag.ingest;

import java.nio.file.Path;
import java.util.List;

import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.transformers.TransformersEmbeddingModel;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;

import dev.tramontane.rag.embed.EmbeddingModels;
import dev.tramontane.rag.ingest.chunk.ApproximateTokenCounter;
import dev.tramontane.rag.language.LanguageDetector;
import dev.tramontane.rag.language.LinguaLanguageDetector;
import dev.tramontane.rag.store.LuceneVectorStore;

/** The real parts ingestion tests run on: the bundled embedding model and a Lucene store in the data dir. */
public final class IngestionTestSupport {

    private IngestionTestSupport() {}

    public static TransformersEmbeddingModel embeddings(Path cache) {
        return EmbeddingModels.bundled(cache);
    }

    private static LanguageDetector languageDetector;

    /** The real detector (Lingua), shared by the tests of one JVM because its models take a while to load. */
    public static synchronized LanguageDetector languageDetector() {
        if (languageDetector == null) {
            languageDetector = new LinguaLanguageDetector();
        }
        return languageDetector;
    }

    public static LuceneVectorStore store(EmbeddingModel embeddings, Path dataDir) {
        return LuceneVectorStore.builder(embeddings).indexDirectory(dataDir.resolve("index"))
                .languageDetector(languageDetector()).build();
    }

    public static IngestionService service(Path dataDir, VectorStore store, int parallelism) {
        IngestionSettings defaults = IngestionSettings.defaults(dataDir);
        return new IngestionService(new IngestionSettings(dataDir, parallelism, defaults.chunking(), defaults.batchSize()),
                store, languageDetector(), new ApproximateTokenCounter());
    }

    public static List<Document> search(VectorStore store, String query, String filter, int topK) {
        return store.similaritySearch(SearchRequest.builder().query(query).topK(topK).similarityThresholdAll()
                .filterExpression(filter).build());
    }
}
