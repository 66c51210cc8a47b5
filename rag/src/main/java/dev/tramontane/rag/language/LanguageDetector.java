package dev.tramontane.rag.language;

/**
 * Detects the language of a chunk or a query. Answers an ISO 639-1 code (en, fr, de, es, it) or
 * {@link dev.tramontane.rag.ChunkMetadata#UNDETERMINED_LANGUAGE} when the text is too short or
 * too ambiguous to tell.
 */
@FunctionalInterface
public interface LanguageDetector {

    String detect(String text);

    /** A detector that always answers {@code language}: the override for users who know better. */
    static LanguageDetector fixed(String language) {
        return text -> language;
    }
}
