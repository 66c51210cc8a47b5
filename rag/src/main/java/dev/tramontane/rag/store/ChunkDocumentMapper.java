package dev.tramontane.rag.store;

import java.util.Collection;
import java.util.Map;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.VectorSimilarityFunction;

import dev.tramontane.rag.ChunkMetadata;
import dev.tramontane.rag.language.LanguageDetector;

/**
 * Turns a Spring AI {@code Document} and its embedding into the Lucene document of {@link IndexFields}:
 * the text into its language's analyzed field and the neutral field, the vector (normalized, dot
 * product) into the HNSW graph, and every scalar or list metadata value into filterable fields.
 */
final class ChunkDocumentMapper {

    private final LanguageDetector languageDetector;
    private final LuceneIndex index;

    ChunkDocumentMapper(LuceneIndex index, LanguageDetector languageDetector) {
        this.index = index;
        this.languageDetector = languageDetector;
    }

    Document toLucene(org.springframework.ai.document.Document chunk, float[] embedding) {
        String text = chunk.getText() == null ? "" : chunk.getText();
        Map<String, Object> metadata = new java.util.LinkedHashMap<>(chunk.getMetadata());
        String language = languageOf(metadata, text);
        metadata.put(ChunkMetadata.LANGUAGE, language);

        Document document = new Document();
        document.add(new StringField(IndexFields.ID, chunk.getId(), Field.Store.YES));
        document.add(new StoredField(IndexFields.CONTENT, text));
        document.add(new StoredField(IndexFields.METADATA_JSON, index.toJson(metadata)));
        document.add(new KnnFloatVectorField(IndexFields.VECTOR, VectorMath.normalized(embedding),
                VectorSimilarityFunction.DOT_PRODUCT));
        String languageField = IndexFields.textField(language);
        if (languageField != null) {
            document.add(new TextField(languageField, text, Field.Store.NO));
        }
        document.add(new TextField(IndexFields.TEXT_NEUTRAL, text, Field.Store.NO));
        metadata.forEach((key, value) -> addMetadata(document, key, value));
        return document;
    }

    private String languageOf(Map<String, Object> metadata, String text) {
        Object given = metadata.get(ChunkMetadata.LANGUAGE);
        if (given instanceof String language && !language.isBlank()) {
            return language;
        }
        return languageDetector == null ? ChunkMetadata.UNDETERMINED_LANGUAGE : languageDetector.detect(text);
    }

    private static void addMetadata(Document document, String key, Object value) {
        if (value == null) {
            return;
        }
        document.add(new StringField(IndexFields.METADATA_KEYS, key, Field.Store.NO));
        if (value instanceof Collection<?> values) {
            values.forEach(v -> addScalar(document, key, v));
        } else {
            addScalar(document, key, value);
        }
    }

    private static void addScalar(Document document, String key, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Number number) {
            document.add(new DoublePoint(IndexFields.numericField(key), number.doubleValue()));
        }
        document.add(new StringField(IndexFields.keywordField(key), FilterQueryTranslator.keywordOf(value), Field.Store.NO));
    }
}
