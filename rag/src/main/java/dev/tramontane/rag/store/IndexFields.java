package dev.tramontane.rag.store;

import java.util.List;

/**
 * Names of the Lucene fields one chunk is indexed into. Text goes into the analyzed field of its
 * language ({@code text_de} …) and into the accent-folded, language-neutral field; metadata values
 * go into keyword ({@code meta.KEY}) and numeric point ({@code num.KEY}) fields so that every
 * portable filter operator can be answered from the index.
 */
public final class IndexFields {

    private IndexFields() {}

    /** Unique chunk id (keyword, stored). */
    public static final String ID = "id";
    /** Chunk text exactly as added (stored only). */
    public static final String CONTENT = "content";
    /** All metadata as JSON (stored only), so values come back with the types they went in with. */
    public static final String METADATA_JSON = "metadata_json";
    /** The embedding (HNSW graph, cosine). */
    public static final String VECTOR = "vector";
    /** Text analyzed with the language-neutral analyzer (lowercased, accents folded). */
    public static final String TEXT_NEUTRAL = "text_neutral";
    /** One keyword per metadata key present on the chunk; answers IS NULL / IS NOT NULL. */
    public static final String METADATA_KEYS = "meta_keys";

    /** Languages that have their own analyzed text field. */
    public static final List<String> ANALYZED_LANGUAGES = List.of("en", "fr", "de", "es", "it");

    /** Analyzed text field of a language, or {@code null} if the language has none. */
    public static String textField(String language) {
        return language != null && ANALYZED_LANGUAGES.contains(language) ? "text_" + language : null;
    }

    /** Keyword field holding a metadata value as a string (strings, booleans, numbers' canonical form). */
    public static String keywordField(String metadataKey) {
        return "meta." + metadataKey;
    }

    /** Double point field holding a numeric metadata value (ranges and numeric equality). */
    public static String numericField(String metadataKey) {
        return "num." + metadataKey;
    }
}
