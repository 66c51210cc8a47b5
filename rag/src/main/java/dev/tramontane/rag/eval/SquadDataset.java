package dev.tramontane.rag.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A SQuAD v1.1 JSON file ({@code data[].paragraphs[].{context, qas[].{id, question}}}), plain or
 * gzip-compressed. Each paragraph becomes one retrievable document with a stable id
 * {@code p<article>_<paragraph>}.
 */
public record SquadDataset(List<Paragraph> paragraphs) {

    public record Question(String id, String text) {
    }

    public record Paragraph(String id, String title, String context, List<Question> questions) {
    }

    public static SquadDataset read(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            JsonNode root = JsonMapper.builder().build().readTree(in);
            JsonNode data = root.path("data");
            if (!data.isArray()) {
                throw new IllegalArgumentException(file + " is not SQuAD v1.1 JSON: it has no top-level \"data\" array");
            }
            List<Paragraph> paragraphs = new ArrayList<>();
            for (int a = 0; a < data.size(); a++) {
                JsonNode article = data.get(a);
                String title = article.path("title").asString("");
                JsonNode articleParagraphs = article.path("paragraphs");
                for (int p = 0; p < articleParagraphs.size(); p++) {
                    JsonNode paragraph = articleParagraphs.get(p);
                    List<Question> questions = new ArrayList<>();
                    for (JsonNode qa : paragraph.path("qas")) {
                        questions.add(new Question(qa.path("id").asString(), qa.path("question").asString()));
                    }
                    paragraphs.add(new Paragraph("p" + a + "_" + p, title, paragraph.path("context").asString(), questions));
                }
            }
            return new SquadDataset(paragraphs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SQuAD file " + file, e);
        }
    }

    public int questionCount() {
        return paragraphs.stream().mapToInt(p -> p.questions().size()).sum();
    }
}
