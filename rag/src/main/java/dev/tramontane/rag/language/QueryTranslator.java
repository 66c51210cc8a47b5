package dev.tramontane.rag.language;

import java.util.Map;

/**
 * Translates a query into other languages so that the keyword leg can match chunks written in them
 * (a German question over English documents). Answers target language → translated query text; an
 * empty map when it knows no translation.
 */
@FunctionalInterface
public interface QueryTranslator {

    Map<String, String> translate(String query, String queryLanguage);

    /** Translates nothing: the keyword leg only sees the query's own words. */
    static QueryTranslator none() {
        return (query, language) -> Map.of();
    }
}
