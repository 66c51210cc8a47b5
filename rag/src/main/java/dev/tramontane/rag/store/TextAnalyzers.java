package dev.tramontane.rag.store;

import java.util.HashMap;
import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * The analyzers of the index: Lucene's stemming analyzer for each of the five languages (stop words,
 * elision, light stemmers) and a language-neutral one (standard tokenizer, lowercase, ASCII folding,
 * no stemming) that matches names, numbers and words of any language regardless of accents.
 */
public final class TextAnalyzers {

    private TextAnalyzers() {}

    /** Language-neutral analyzer: "Übersee", "ubersee" and "UBERSEE" become the same term. */
    public static Analyzer neutral() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new StandardTokenizer();
                TokenStream stream = new LowerCaseFilter(tokenizer);
                stream = new ASCIIFoldingFilter(stream);
                return new TokenStreamComponents(tokenizer, stream);
            }

            @Override
            protected TokenStream normalize(String fieldName, TokenStream in) {
                return new ASCIIFoldingFilter(new LowerCaseFilter(in));
            }
        };
    }

    /** Stemming analyzer of a language (en, fr, de, es, it), or {@code null} for any other. */
    public static Analyzer forLanguage(String language) {
        return switch (language) {
            case "en" -> new EnglishAnalyzer();
            case "fr" -> new FrenchAnalyzer();
            case "de" -> new GermanAnalyzer();
            case "es" -> new SpanishAnalyzer();
            case "it" -> new ItalianAnalyzer();
            default -> null;
        };
    }

    /** One analyzer for the whole index: each text field gets its language's analyzer. */
    public static Analyzer perField() {
        Map<String, Analyzer> fields = new HashMap<>();
        for (String language : IndexFields.ANALYZED_LANGUAGES) {
            fields.put(IndexFields.textField(language), forLanguage(language));
        }
        fields.put(IndexFields.TEXT_NEUTRAL, neutral());
        return new PerFieldAnalyzerWrapper(new StandardAnalyzer(), fields);
    }
}
