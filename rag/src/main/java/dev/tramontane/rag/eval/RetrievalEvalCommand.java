package dev.tramontane.rag.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.rag.Query;
import org.springframework.ai.transformers.TransformersEmbeddingModel;

import dev.tramontane.rag.ChunkMetadata;
import dev.tramontane.rag.embed.EmbeddingModels;
import dev.tramontane.rag.language.FreeDictQueryTranslator;
import dev.tramontane.rag.language.LanguageDetector;
import dev.tramontane.rag.language.LinguaLanguageDetector;
import dev.tramontane.rag.language.QueryTranslator;
import dev.tramontane.rag.retrieve.HybridRetriever;
import dev.tramontane.rag.store.LuceneVectorStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code eval-retrieval}: indexes every paragraph of a SQuAD v1.1 corpus as one document with the
 * production store and retriever, asks every question of a SQuAD v1.1 questions file and prints
 * recall@k and MRR. A question's gold document is the corpus paragraph holding a question with the
 * same id (XQuAD ids are shared across languages), so a German questions file against an English
 * corpus measures cross-lingual retrieval. See docs/retrieval.md.
 */
public final class RetrievalEvalCommand {

    static final String USAGE = """
            usage: eval-retrieval --corpus FILE --questions FILE --mode bm25|dense|hybrid
                                  [--k 1,5,10] [--json] [--index-dir DIR]
                                  [--translate auto|off] [--dictionaries DIR]
                                  [--embedding-model FILE.onnx --embedding-tokenizer tokenizer.json]
                                  [--corpus-language xx] [--query-language xx]
              --corpus        SQuAD v1.1 JSON (.json or .json.gz); each paragraph is one document
              --questions     SQuAD v1.1 JSON; gold = corpus paragraph with a question of the same id
              --mode          bm25, dense or hybrid (RRF of both, k=60); a comma list (bm25,dense,hybrid)
                              runs each on the same index, one result (JSON object with "mode") per line
              --k             cut-offs for recall@k; MRR is computed over the first max(k) results
              --json          print one JSON object instead of a table
              --index-dir     where the Lucene index is built (default: a temporary directory, deleted);
                              a directory already holding this corpus's index is reused
              --translate     auto (default): add FreeDict translations of the query words to the BM25
                              leg when the Debian dictd files are installed; off: never
              --dictionaries  folder of FreeDict dictd files (default /usr/share/dictd)
              --embedding-*   a user-supplied ONNX embedding model instead of the bundled MiniLM
              --*-language    override language detection (ISO 639-1)
            """;

    private RetrievalEvalCommand() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args, System.out, System.err));
        } catch (IllegalArgumentException e) {
            System.err.println("eval-retrieval: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options = Options.parse(args);
        SquadDataset corpus = SquadDataset.read(options.corpus);
        SquadDataset questions = options.questions.equals(options.corpus) ? corpus : SquadDataset.read(options.questions);

        Map<String, String> goldByQuestionId = new HashMap<>();
        for (SquadDataset.Paragraph paragraph : corpus.paragraphs()) {
            paragraph.questions().forEach(q -> goldByQuestionId.put(q.id(), paragraph.id()));
        }

        Path indexDir = options.indexDir;
        boolean temporary = indexDir == null;
        try {
            if (temporary) {
                indexDir = Files.createTempDirectory("tramontane-eval-index");
            }
            Path cache = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "tramontane-onnx-cache"));
            long indexingStarted = System.nanoTime();
            try (TransformersEmbeddingModel embeddings = options.embeddingModel == null ? EmbeddingModels.bundled(cache)
                    : EmbeddingModels.onnx(options.embeddingModel, options.embeddingTokenizer, cache);
                 LuceneVectorStore store = LuceneVectorStore.builder(embeddings).indexDirectory(indexDir).build()) {
                LanguageDetector detector = new LinguaLanguageDetector();
                LanguageDetector corpusLanguage = options.corpusLanguage != null ? LanguageDetector.fixed(options.corpusLanguage) : detector;
                LanguageDetector queryLanguage = options.queryLanguage != null ? LanguageDetector.fixed(options.queryLanguage) : detector;

                Path marker = indexDir.resolve("eval-corpus.txt");
                String corpusKey = options.corpus + " " + Files.size(options.corpus) + " " + Files.getLastModifiedTime(options.corpus)
                        + " " + (options.embeddingModel == null ? "bundled" : options.embeddingModel) + " " + options.corpusLanguage;
                if (!temporary && Files.exists(marker) && Files.readString(marker).equals(corpusKey)
                        && store.index().size() == corpus.paragraphs().size()) {
                    err.printf("reusing the index of %s in %s%n", options.corpus, indexDir);
                } else {
                    Files.deleteIfExists(marker);
                    index(corpus, store, corpusLanguage, err);
                    Files.writeString(marker, corpusKey);
                }
                err.printf("index ready in %.1f s%n", (System.nanoTime() - indexingStarted) / 1e9);

                QueryTranslator translator = options.translate ? FreeDictQueryTranslator.fromInstalled(options.dictionaries, err) : QueryTranslator.none();
                int cut = options.ks.stream().mapToInt(Integer::intValue).max().orElseThrow();
                EmbeddingModel queryEmbeddings = new MemoizingEmbeddingModel(embeddings);
                for (HybridRetriever.Mode mode : options.modes) {
                    long started = System.nanoTime();
                    HybridRetriever retriever = HybridRetriever.builder(store.index(), queryEmbeddings)
                            .languageDetector(queryLanguage).queryTranslator(translator).mode(mode)
                            .topK(cut).candidates(Math.max(50, cut)).snippets(false).build();
                    RetrievalMetrics metrics = evaluate(retriever, questions, goldByQuestionId, options.ks, err);
                    long done = System.nanoTime();
                    err.printf("%s: %d questions in %.1f s (%.1f ms/question)%n", mode.name().toLowerCase(), metrics.questions(),
                            (done - started) / 1e9, (done - started) / 1e6 / Math.max(1, metrics.questions()));
                    print(metrics, mode, options.modes.size() > 1, options.json, out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException("cannot close the embedding model: " + e.getMessage(), e);
        } finally {
            if (temporary && indexDir != null) {
                deleteRecursively(indexDir);
            }
        }
        return 0;
    }

    private static RetrievalMetrics evaluate(HybridRetriever retriever, SquadDataset questions,
            Map<String, String> goldByQuestionId, List<Integer> ks, PrintStream err) {
        RetrievalMetrics metrics = new RetrievalMetrics(ks);
        int skipped = 0;
        for (SquadDataset.Paragraph paragraph : questions.paragraphs()) {
            for (SquadDataset.Question question : paragraph.questions()) {
                String gold = goldByQuestionId.get(question.id());
                if (gold == null) {
                    skipped++;
                    continue;
                }
                List<Document> results = retriever.retrieve(new Query(question.text()));
                int rank = 0;
                for (int i = 0; i < results.size(); i++) {
                    if (gold.equals(results.get(i).getMetadata().get(ChunkMetadata.DOCUMENT_ID))) {
                        rank = i + 1;
                        break;
                    }
                }
                metrics.record(rank);
                if (metrics.questions() % 500 == 0) {
                    err.printf("asked %d questions%n", metrics.questions());
                }
            }
        }
        if (skipped > 0) {
            err.printf("%d questions have no question with the same id in the corpus and were skipped%n", skipped);
        }
        return metrics;
    }

    private static void index(SquadDataset corpus, LuceneVectorStore store, LanguageDetector language, PrintStream err) {
        List<Document> batch = new ArrayList<>();
        int done = 0;
        for (SquadDataset.Paragraph paragraph : corpus.paragraphs()) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put(ChunkMetadata.DOCUMENT_ID, paragraph.id());
            metadata.put(ChunkMetadata.TITLE, paragraph.title());
            metadata.put(ChunkMetadata.PAGE, 1);
            metadata.put(ChunkMetadata.START_OFFSET, 0);
            metadata.put(ChunkMetadata.END_OFFSET, paragraph.context().length());
            metadata.put(ChunkMetadata.LANGUAGE, language.detect(paragraph.context()));
            metadata.put(ChunkMetadata.CHUNK_INDEX, 0);
            batch.add(Document.builder().id(paragraph.id()).text(paragraph.context()).metadata(metadata).build());
            if (batch.size() == 32) {
                store.add(batch);
                done += batch.size();
                batch.clear();
                err.printf("indexed %d/%d paragraphs%n", done, corpus.paragraphs().size());
            }
        }
        if (!batch.isEmpty()) {
            store.add(batch);
        }
    }

    private static void print(RetrievalMetrics metrics, HybridRetriever.Mode mode, boolean withMode, boolean asJson, PrintStream out) {
        if (asJson) {
            Map<String, Object> json = new LinkedHashMap<>();
            if (withMode) {
                json.put("mode", mode.name().toLowerCase());
            }
            metrics.recalls().forEach((k, recall) -> json.put("recall@" + k, round(recall)));
            json.put("mrr", round(metrics.mrr()));
            json.put("questions", metrics.questions());
            out.println(JsonMapper.builder().build().writeValueAsString(json));
            return;
        }
        out.printf("mode %s, %d questions%n", mode.name().toLowerCase(), metrics.questions());
        metrics.recalls().forEach((k, recall) -> out.printf("recall@%-3d %.4f%n", k, recall));
        out.printf("mrr        %.4f%n", metrics.mrr());
    }

    private static double round(double value) {
        return Math.round(value * 10000) / 10000.0;
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary directory is harmless
        }
    }

    /** Parsed command-line options. */
    static final class Options {
        Path corpus;
        Path questions;
        List<HybridRetriever.Mode> modes;
        List<Integer> ks = List.of(1, 5, 10);
        boolean json;
        Path indexDir;
        boolean translate = true;
        Path dictionaries = Path.of("/usr/share/dictd");
        Path embeddingModel;
        Path embeddingTokenizer;
        String corpusLanguage;
        String queryLanguage;

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--json" -> options.json = true;
                    case "--corpus" -> options.corpus = existing(value(args, ++i, arg));
                    case "--questions" -> options.questions = existing(value(args, ++i, arg));
                    case "--mode" -> options.modes = Arrays.stream(value(args, ++i, arg).split(",")).map(m -> mode(m.trim())).distinct().toList();
                    case "--k" -> options.ks = ks(value(args, ++i, arg));
                    case "--index-dir" -> options.indexDir = Path.of(value(args, ++i, arg));
                    case "--translate" -> options.translate = switch (value(args, ++i, arg)) {
                        case "auto" -> true;
                        case "off" -> false;
                        default -> throw new IllegalArgumentException("--translate takes auto or off");
                    };
                    case "--dictionaries" -> options.dictionaries = Path.of(value(args, ++i, arg));
                    case "--embedding-model" -> options.embeddingModel = existing(value(args, ++i, arg));
                    case "--embedding-tokenizer" -> options.embeddingTokenizer = existing(value(args, ++i, arg));
                    case "--corpus-language" -> options.corpusLanguage = value(args, ++i, arg);
                    case "--query-language" -> options.queryLanguage = value(args, ++i, arg);
                    case "-h", "--help" -> throw new IllegalArgumentException("help requested");
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (options.corpus == null || options.questions == null || options.modes == null) {
                throw new IllegalArgumentException("--corpus, --questions and --mode are required");
            }
            if ((options.embeddingModel == null) != (options.embeddingTokenizer == null)) {
                throw new IllegalArgumentException("--embedding-model and --embedding-tokenizer go together");
            }
            return options;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static Path existing(String file) {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("file " + path.toAbsolutePath() + " does not exist");
            }
            return path.toAbsolutePath().normalize();
        }

        private static HybridRetriever.Mode mode(String value) {
            return switch (value) {
                case "bm25" -> HybridRetriever.Mode.BM25;
                case "dense" -> HybridRetriever.Mode.DENSE;
                case "hybrid" -> HybridRetriever.Mode.HYBRID;
                default -> throw new IllegalArgumentException("--mode takes bm25, dense or hybrid, not " + value);
            };
        }

        private static List<Integer> ks(String value) {
            try {
                List<Integer> ks = Arrays.stream(value.split(",")).map(String::trim).map(Integer::parseInt).sorted().distinct().toList();
                if (ks.isEmpty() || ks.getFirst() < 1) {
                    throw new IllegalArgumentException("--k needs positive cut-offs such as 1,5,10");
                }
                return ks;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--k needs positive cut-offs such as 1,5,10, not " + value);
            }
        }
    }
}
