package dev.tramontane.rag.language;

import java.util.Locale;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;

import dev.tramontane.rag.ChunkMetadata;

/**
 * Language detection with Lingua (n-gram models, accurate on short text such as queries), restricted
 * to the five languages Tramontane analyzes. Restricting the candidates keeps the loaded models
 * small and stops near-neighbours (Catalan, Portuguese) from stealing Spanish or Italian queries.
 * Text without letters, or for which Lingua cannot decide, is {@code und}.
 *
 * <p>Thread-safe; models load lazily on first use (see docs/retrieval.md for memory and start-up).
 */
public final class LinguaLanguageDetector implements LanguageDetector {

    private final com.github.pemistahl.lingua.api.LanguageDetector lingua;

    public LinguaLanguageDetector() {
        this.lingua = LanguageDetectorBuilder
                .fromLanguages(Language.ENGLISH, Language.FRENCH, Language.GERMAN, Language.SPANISH, Language.ITALIAN)
                .build();
    }

    @Override
    public String detect(String text) {
        if (text == null || text.codePoints().noneMatch(Character::isLetter)) {
            return ChunkMetadata.UNDETERMINED_LANGUAGE;
        }
        Language language = lingua.detectLanguageOf(text);
        if (language == Language.UNKNOWN) {
            return ChunkMetadata.UNDETERMINED_LANGUAGE;
        }
        return language.getIsoCode639_1().toString().toLowerCase(Locale.ROOT);
    }
}
