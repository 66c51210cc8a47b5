package dev.tramontane.rag.language;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;


/**
 * Offline query translation into English, word by word, with FreeDict dictionaries (Debian packages
 * {@code dict-freedict-deu-eng}, {@code dict-freedict-spa-eng}, {@code dict-freedict-eng-spa}, …,
 * read at run time from {@code /usr/share/dictd} when installed). Each content word of the query is
 * looked up as written, then with common inflection endings removed; its first few English senses
 * form the translated query. Stop words are skipped; words without an entry (names, numbers) are
 * left to the language-neutral field, which the original query already searches.
 */
public final class FreeDictQueryTranslator implements QueryTranslator {

    private static final Map<String, String> ISO_639_2 = Map.of("de", "deu", "fr", "fra", "es", "spa", "it", "ita");
    /** Endings tried, longest first, when a word has no entry as written (plural, case, verb forms). */
    private static final Map<String, List<String>> ENDINGS = Map.of(
            "de", List.of("ern", "en", "er", "es", "em", "e", "n", "s"),
            "fr", List.of("es", "s", "e", "x"),
            "es", List.of("es", "s"),
            "it", List.of("i", "e"));

    private final Map<String, FreeDictDictionary> toEnglish;

    public FreeDictQueryTranslator(Map<String, FreeDictDictionary> toEnglish) {
        this.toEnglish = Map.copyOf(toEnglish);
    }

    /**
     * Loads every xx→English dictionary installed in {@code directory} (forward {@code freedict-xxx-eng}
     * merged with the inverted {@code freedict-eng-xxx} where the forward one is small); reports what
     * it found on {@code log}. Answers {@link QueryTranslator#none()} when nothing is installed.
     */
    public static QueryTranslator fromInstalled(Path directory, PrintStream log) {
        Map<String, FreeDictDictionary> dictionaries = new LinkedHashMap<>();
        ISO_639_2.forEach((language, iso3) -> {
            FreeDictDictionary forward = FreeDictDictionary.isInstalled(directory, "freedict-" + iso3 + "-eng")
                    ? FreeDictDictionary.read(directory, "freedict-" + iso3 + "-eng") : null;
            boolean small = forward == null || forward.translations().size() < 100_000;
            FreeDictDictionary inverse = small && FreeDictDictionary.isInstalled(directory, "freedict-eng-" + iso3)
                    ? FreeDictDictionary.readInverted(directory, "freedict-eng-" + iso3) : null;
            FreeDictDictionary combined = forward == null ? inverse : inverse == null ? forward : FreeDictDictionary.merge(forward, inverse);
            if (combined != null) {
                dictionaries.put(language, combined);
                log.printf("query translation %s→en: %d words from FreeDict in %s%n", language, combined.translations().size(), directory);
            }
        });
        if (dictionaries.isEmpty()) {
            log.printf("query translation off: no FreeDict dictionaries in %s (apt-get install dict-freedict-deu-eng dict-freedict-spa-eng dict-freedict-eng-spa …)%n", directory);
            return QueryTranslator.none();
        }
        return new FreeDictQueryTranslator(dictionaries);
    }

    @Override
    public Map<String, String> translate(String query, String queryLanguage) {
        FreeDictDictionary dictionary = toEnglish.get(queryLanguage);
        if (dictionary == null) {
            return Map.of();
        }
        CharArraySet stopWords = stopWords(queryLanguage);
        Set<String> english = new LinkedHashSet<>();
        for (String word : words(query)) {
            if (stopWords.contains(word) || word.length() < 2 || word.chars().allMatch(Character::isDigit)) {
                continue;
            }
            english.addAll(lookup(dictionary, word, queryLanguage));
        }
        return english.isEmpty() ? Map.of() : Map.of("en", String.join(" ", english));
    }

    private static List<String> lookup(FreeDictDictionary dictionary, String word, String language) {
        List<String> senses = dictionary.lookup(word);
        if (!senses.isEmpty()) {
            return senses;
        }
        for (String ending : ENDINGS.getOrDefault(language, List.of())) {
            if (word.length() > ending.length() + 3 && word.endsWith(ending)) {
                senses = dictionary.lookup(word.substring(0, word.length() - ending.length()));
                if (!senses.isEmpty()) {
                    return senses;
                }
            }
        }
        return List.of();
    }

    private static CharArraySet stopWords(String language) {
        return switch (language) {
            case "de" -> org.apache.lucene.analysis.de.GermanAnalyzer.getDefaultStopSet();
            case "fr" -> org.apache.lucene.analysis.fr.FrenchAnalyzer.getDefaultStopSet();
            case "es" -> org.apache.lucene.analysis.es.SpanishAnalyzer.getDefaultStopSet();
            case "it" -> org.apache.lucene.analysis.it.ItalianAnalyzer.getDefaultStopSet();
            default -> CharArraySet.EMPTY_SET;
        };
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        try (TokenStream tokens = new StandardTokenizer()) {
            ((StandardTokenizer) tokens).setReader(new StringReader(text));
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                words.add(term.toString().toLowerCase(java.util.Locale.ROOT));
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words;
    }

}
