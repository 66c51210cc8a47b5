package dev.tramontane.rag.retrieve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.tramontane.rag.language.LanguageDetector;
import dev.tramontane.rag.language.QueryTranslator;

class SnippetHighlighterTest {

    private final SnippetHighlighter highlighter = new SnippetHighlighter();

    private static org.apache.lucene.search.Query keywordQuery(String text, String language) {
        return HybridRetriever.builder(null, null).languageDetector(LanguageDetector.fixed(language))
                .queryTranslator(QueryTranslator.none()).build().keywordQuery(text, language);
    }

    @Test
    void marksStemmedQueryTermsInTheChunksLanguage() {
        String snippet = highlighter.snippet("Die Häuser am Hafen wurden 1890 gebaut.", "de", keywordQuery("Haus Hafen", "de"));
        assertThat(snippet).contains("<mark>Häuser</mark>").contains("<mark>Hafen</mark>").doesNotContain("<mark>gebaut");
    }

    @Test
    void escapesTheUntrustedTextAroundTheMarks() {
        String snippet = highlighter.snippet("Click <script>alert('x')</script> & read the harbour notes.", "en",
                keywordQuery("harbour", "en"));
        assertThat(snippet).contains("<mark>harbour</mark>")
                .contains("&lt;script&gt;")
                .contains("&amp;")
                .doesNotContain("<script>");
    }

    @Test
    void fallsBackToTheEscapedStartOfTheTextWhenNoTermOccurs() {
        String snippet = highlighter.snippet("A <b>bold</b> claim about trains.", "en", keywordQuery("photosynthesis", "en"));
        assertThat(snippet).isEqualTo("A &lt;b&gt;bold&lt;/b&gt; claim about trains.");
    }

    @Test
    void accentFreeQueryTermsAreMarkedThroughTheNeutralField() {
        String snippet = highlighter.snippet("Le château de Versailles fut agrandi.", "fr", keywordQuery("chateau", "und"));
        assertThat(snippet).contains("<mark>château</mark>");
    }
}
