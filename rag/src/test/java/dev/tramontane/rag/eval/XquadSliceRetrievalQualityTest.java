package dev.tramontane.rag.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tramontane.rag.Fixtures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Retrieval quality on a slice of XQuAD (the first {@value #ARTICLES} articles: 20 paragraphs and
 * 135 questions per language; Spanish and the full sets are measured by eval-retrieval, see docs) through the eval-retrieval command, i.e. the production store,
 * embeddings, analyzers and fusion. The thresholds are the figures measured on this slice (see
 * docs/retrieval.md), rounded down to two decimals.
 */
class XquadSliceRetrievalQualityTest {

    private static final int ARTICLES = 4;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path temp;

    private static Path slice(String language) throws Exception {
        Path source = Fixtures.require("retrieval/xquad." + language + ".json");
        JsonNode root = JSON.readTree(source.toFile());
        ObjectNode sliced = JSON.createObjectNode();
        ArrayNode data = sliced.putArray("data");
        for (int i = 0; i < ARTICLES; i++) {
            data.add(root.path("data").get(i));
        }
        Path file = temp.resolve("xquad-slice." + language + ".json");
        if (!Files.exists(file)) { // written once, so the English index is built once and reused
            JSON.writeValue(file.toFile(), sliced);
        }
        return file;
    }

    /** Runs eval-retrieval in all three modes; mode → recall@5. */
    private Map<String, Double> recallAt5(Path corpus, Path questions, String... extra) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] base = {"--corpus", corpus.toString(), "--questions", questions.toString(), "--mode", "bm25,dense,hybrid",
                "--json", "--index-dir", temp.resolve("index-" + corpus.getFileName()).toString()};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra)).toArray(String[]::new);
        RetrievalEvalCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        Map<String, Double> recalls = new HashMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode result = JSON.readTree(line);
            assertThat(result.path("questions").asInt()).isGreaterThan(50);
            recalls.put(result.path("mode").asString(), result.path("recall@5").asDouble());
        }
        System.err.println("recall@5 " + corpus.getFileName() + " ← " + questions.getFileName() + ": " + recalls);
        return recalls;
    }

    @Test
    void monolingualHybridRecallAt5MeetsTheTargetInEnglishAndGerman() throws Exception {
        Map<String, Map<String, Double>> recalls = new java.util.LinkedHashMap<>();
        for (String language : new String[] {"en", "de"}) {
            Path slice = slice(language);
            recalls.put(language, recallAt5(slice, slice));
        }
        // Measured on this slice: en 1.00 (all modes), de hybrid 0.985 (BM25 1.00, dense 0.948).
        // On the slice hybrid can trail BM25 by a question; on the full sets it does not (docs/retrieval.md).
        recalls.forEach((language, recall) -> {
            assertThat(recall.get("hybrid")).as(language + " hybrid").isGreaterThanOrEqualTo(0.90);
            assertThat(recall.get("hybrid")).as(language + " hybrid vs dense").isGreaterThanOrEqualTo(recall.get("dense"));
        });
        assertThat(recalls.get("en").get("hybrid")).isEqualTo(1.0);
        assertThat(recalls.get("de").get("hybrid")).isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void germanQuestionsFindEnglishParagraphsWithDictionaryTranslation() throws Exception {
        Path dictionaries = Path.of("/usr/share/dictd");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(dictionaries.resolve("freedict-deu-eng.index")),
                "FreeDict German-English dictionary not installed (apt-get install dict-freedict-deu-eng)");
        Map<String, Double> recall = recallAt5(slice("en"), slice("de"));
        // Measured on this slice: hybrid 0.963, BM25 with translation 0.948, dense 0.867.
        assertThat(recall.get("hybrid")).isGreaterThanOrEqualTo(0.96);
        assertThat(recall.get("hybrid")).isGreaterThanOrEqualTo(Math.max(recall.get("bm25"), recall.get("dense")));
    }
}
