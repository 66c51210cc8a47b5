package dev.tramontane.rag.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.springframework.ai.document.Document;
import org.springframework.ai.rag.Query;
import org.springframework.ai.transformers.TransformersEmbeddingModel;

import dev.tramontane.rag.ChunkMetadata;
import dev.tramontane.rag.embed.EmbeddingModels;
import dev.tramontane.rag.language.LanguageDetector;
import dev.tramontane.rag.retrieve.HybridRetriever;
import dev.tramontane.rag.store.LuceneVectorStore;

/**
 * {@code bench-retrieval}: builds an index of N synthetic chunks (Zipf-distributed words, 384-dim
 * vectors) through the production store, then times hybrid searches (both legs, fusion, snippets)
 * and reports p50/p95/p99; separately times the bundled MiniLM embedding of a query, which a real
 * search adds once. Usage: {@code --chunks 100000 --queries 300 --index-dir DIR [--mode hybrid]}.
 * An index directory that already holds N chunks is reused.
 */
public final class RetrievalBenchCommand {

    private static final int DIMENSIONS = 384;
    private static final int VOCABULARY = 30_000;
    private static final int WORDS_PER_CHUNK = 90;

    private RetrievalBenchCommand() {}

    public static void main(String[] args) throws Exception {
        int chunks = 100_000;
        int queries = 300;
        Path indexDir = null;
        HybridRetriever.Mode mode = HybridRetriever.Mode.HYBRID;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--chunks" -> chunks = Integer.parseInt(args[++i]);
                case "--queries" -> queries = Integer.parseInt(args[++i]);
                case "--index-dir" -> indexDir = Path.of(args[++i]);
                case "--mode" -> mode = HybridRetriever.Mode.valueOf(args[++i].toUpperCase());
                default -> {
                    System.err.println("usage: bench-retrieval [--chunks 100000] [--queries 300] --index-dir DIR [--mode bm25|dense|hybrid]");
                    System.exit(2);
                }
            }
        }
        if (indexDir == null) {
            indexDir = Files.createTempDirectory("tramontane-bench-index");
        }
        String[] vocabulary = vocabulary();
        RandomProjectionEmbeddingModel vectors = new RandomProjectionEmbeddingModel(DIMENSIONS);
        try (LuceneVectorStore store = LuceneVectorStore.builder(vectors).indexDirectory(indexDir).build()) {
            if (store.index().size() != chunks) {
                build(store, chunks, vocabulary);
            } else {
                System.out.printf("reusing %d chunks in %s%n", chunks, indexDir);
            }
            HybridRetriever retriever = HybridRetriever.builder(store).languageDetector(LanguageDetector.fixed("en"))
                    .mode(mode).topK(10).build();
            SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < 50; i++) {
                retriever.retrieve(new Query(queryText(random, vocabulary))); // warm-up
            }
            long[] nanos = new long[queries];
            for (int i = 0; i < queries; i++) {
                String text = queryText(random, vocabulary);
                long start = System.nanoTime();
                List<Document> results = retriever.retrieve(new Query(text));
                nanos[i] = System.nanoTime() - start;
                if (results.isEmpty()) {
                    throw new IllegalStateException("query '" + text + "' found nothing in " + chunks + " chunks");
                }
            }
            report("search (" + mode.name().toLowerCase() + ", top 10, " + chunks + " chunks)", nanos);
        }
        try (TransformersEmbeddingModel minilm = EmbeddingModels.bundled(
                Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "tramontane-onnx-cache")))) {
            SplittableRandom random = new SplittableRandom(11);
            for (int i = 0; i < 10; i++) {
                minilm.embed("warm up query number " + i);
            }
            long[] nanos = new long[100];
            for (int i = 0; i < nanos.length; i++) {
                String text = "What did " + vocabulary[random.nextInt(2000)] + " build in the year " + (1800 + i) + "?";
                long start = System.nanoTime();
                minilm.embed(text);
                nanos[i] = System.nanoTime() - start;
            }
            report("query embedding (bundled MiniLM, one query)", nanos);
        }
    }

    private static void build(LuceneVectorStore store, int chunks, String[] vocabulary) {
        SplittableRandom random = new SplittableRandom(42);
        long start = System.nanoTime();
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < WORDS_PER_CHUNK; w++) {
                text.append(vocabulary[zipf(random)]).append(w % 15 == 14 ? ". " : " ");
            }
            batch.add(Document.builder().id("c" + i).text(text.toString()).metadata(Map.of(
                    ChunkMetadata.DOCUMENT_ID, "d" + (i / 50), ChunkMetadata.PAGE, 1 + (i % 50) / 5,
                    ChunkMetadata.LANGUAGE, "en", ChunkMetadata.COLLECTION, "c" + (i % 5))).build());
            if (batch.size() == 2000 || i == chunks - 1) {
                store.add(batch);
                batch.clear();
                System.out.printf("indexed %d/%d chunks (%.0f s)%n", i + 1, chunks, (System.nanoTime() - start) / 1e9);
            }
        }
    }

    private static String[] vocabulary() {
        SplittableRandom random = new SplittableRandom(1);
        String letters = "abcdefghijklmnopqrstuvwxyz";
        String[] words = new String[VOCABULARY];
        for (int i = 0; i < VOCABULARY; i++) {
            StringBuilder word = new StringBuilder();
            int length = 3 + random.nextInt(8);
            for (int c = 0; c < length; c++) {
                word.append(letters.charAt(random.nextInt(letters.length())));
            }
            words[i] = word.toString();
        }
        return words;
    }

    /** Zipf-like rank (s ≈ 1) by inverse transform of a log-uniform draw: a few words are very common. */
    private static int zipf(SplittableRandom random) {
        return Math.min(VOCABULARY - 1, (int) Math.floor(Math.exp(random.nextDouble() * Math.log(VOCABULARY))) - 1);
    }

    private static String queryText(SplittableRandom random, String[] vocabulary) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 6; w++) {
            text.append(vocabulary[zipf(random)]).append(' ');
        }
        return text.toString().trim();
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%s: n=%d p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, sorted.length,
                percentile(sorted, 0.50), percentile(sorted, 0.95), percentile(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
