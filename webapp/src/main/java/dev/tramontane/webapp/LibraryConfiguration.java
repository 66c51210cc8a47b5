package dev.tramontane.webapp;

import dev.tramontane.rag.embed.EmbeddingModels;
import dev.tramontane.rag.ingest.IngestionService;
import dev.tramontane.rag.ingest.IngestionSettings;
import dev.tramontane.rag.ingest.IngestionState;
import dev.tramontane.rag.ingest.chunk.HuggingFaceTokenCounter;
import dev.tramontane.rag.language.FreeDictQueryTranslator;
import dev.tramontane.rag.language.LanguageDetector;
import dev.tramontane.rag.language.LinguaLanguageDetector;
import dev.tramontane.rag.language.QueryTranslator;
import dev.tramontane.rag.retrieve.HybridRetriever;
import dev.tramontane.rag.store.LuceneVectorStore;
import dev.tramontane.webapp.config.RetrievalProperties;
import dev.tramontane.webapp.config.TramontaneProperties;
import dev.tramontane.webapp.web.DocumentCount;
import java.nio.file.Path;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the document library: one Lucene index under {@code <data>/index}, the embedding model,
 * background ingestion (journal and uploads under {@code <data>/ingest}) and hybrid retrieval.
 */
@Configuration(proxyBeanMethods = false)
class LibraryConfiguration {

    @Bean
    LanguageDetector languageDetector() {
        return new LinguaLanguageDetector();
    }

    @Bean
    EmbeddingModel embeddingModel(TramontaneProperties properties, RetrievalProperties retrieval) {
        Path cache = properties.dataDir().resolve("models");
        return retrieval.onnxModel() != null
                ? EmbeddingModels.onnx(retrieval.onnxModel(), retrieval.onnxTokenizer(), cache)
                : EmbeddingModels.bundled(cache);
    }

    @Bean(destroyMethod = "close")
    LuceneVectorStore vectorStore(EmbeddingModel embeddingModel, LanguageDetector languageDetector,
            TramontaneProperties properties) {
        return LuceneVectorStore.builder(embeddingModel)
                .indexDirectory(properties.dataDir().resolve("index"))
                .languageDetector(languageDetector)
                .build();
    }

    @Bean(destroyMethod = "close")
    IngestionService ingestionService(TramontaneProperties properties, RetrievalProperties retrieval,
            LuceneVectorStore store, LanguageDetector languageDetector) {
        IngestionSettings defaults = IngestionSettings.defaults(properties.dataDir());
        IngestionSettings settings = new IngestionSettings(defaults.dataDir(), retrieval.ingestThreads(),
                defaults.chunking(), defaults.batchSize());
        // Chunk sizes are counted in the embedding model's own tokens, so no chunk is cut off when embedded.
        HuggingFaceTokenCounter tokens = retrieval.onnxTokenizer() != null
                ? HuggingFaceTokenCounter.fromFile(retrieval.onnxTokenizer())
                : HuggingFaceTokenCounter.bundledMiniLm();
        return new IngestionService(settings, store, languageDetector, tokens);
    }

    @Bean
    QueryTranslator queryTranslator(RetrievalProperties retrieval) {
        // The dictionaries take seconds to read; they load while the rest of the app starts.
        return new BackgroundQueryTranslator(() -> FreeDictQueryTranslator.fromInstalled(retrieval.freedictDir(), System.out));
    }

    @Bean
    HybridRetriever hybridRetriever(LuceneVectorStore store, LanguageDetector languageDetector,
            QueryTranslator queryTranslator, RetrievalProperties retrieval) {
        return HybridRetriever.builder(store)
                .languageDetector(languageDetector)
                .queryTranslator(queryTranslator)
                .topK(retrieval.topK())
                .build();
    }

    @Bean
    DocumentCount documentCount(IngestionService ingestion) {
        return () -> ingestion.list().stream().filter(job -> job.state() == IngestionState.INDEXED).count();
    }
}
