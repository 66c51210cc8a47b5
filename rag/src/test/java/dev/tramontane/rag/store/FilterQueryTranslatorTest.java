package dev.tramontane.rag.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.filter.FilterExpressionTextParser;

/**
 * Every operator of Spring AI's portable filter language, parsed from its text form, translated to
 * Lucene and run against a small index whose expected answers can be read off the table below.
 */
class FilterQueryTranslatorTest {

    @TempDir
    Path directory;

    private LuceneIndex index;
    private final FilterQueryTranslator translator = new FilterQueryTranslator();
    private final FilterExpressionTextParser parser = new FilterExpressionTextParser();

    @BeforeEach
    void indexFourChunks() {
        index = LuceneIndex.open(directory);
        ChunkDocumentMapper mapper = new ChunkDocumentMapper(index, null);
        List<org.apache.lucene.document.Document> rows = new ArrayList<>();
        //      id    collection  language page  year    draft
        rows.add(row(mapper, "a", "work", "fr", 1, 2020, true));
        rows.add(row(mapper, "b", "work", "de", 2, 2021, false));
        rows.add(row(mapper, "c", "home", "en", 10, 2023, null));
        rows.add(row(mapper, "d", "home", "es", 7, null, false));
        index.upsert(rows);
    }

    @AfterEach
    void close() {
        index.close();
    }

    private static org.apache.lucene.document.Document row(ChunkDocumentMapper mapper, String id, String collection,
            String language, int page, Integer year, Boolean draft) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("collection", collection);
        metadata.put("language", language);
        metadata.put("page", page);
        if (year != null) {
            metadata.put("year", year);
        }
        if (draft != null) {
            metadata.put("draft", draft);
        }
        return mapper.toLucene(Document.builder().id(id).text("chunk " + id).metadata(metadata).build(), new float[] {1, 0});
    }

    private List<String> matching(String filter) {
        return index.search(translator.translate(parser.parse(filter)), 10).stream().map(StoredChunk::id).sorted().toList();
    }

    @Test
    void equalityOnStringsNumbersAndBooleans() {
        assertThat(matching("collection == 'work'")).containsExactly("a", "b");
        assertThat(matching("page == 10")).containsExactly("c");
        assertThat(matching("draft == true")).containsExactly("a");
    }

    @Test
    void inequalityAlsoMatchesChunksWithoutTheKey() {
        assertThat(matching("language != 'fr'")).containsExactly("b", "c", "d");
        assertThat(matching("year != 2020")).containsExactly("b", "c", "d");
    }

    @Test
    void numericRangesCompareNumbersNotStrings() {
        assertThat(matching("page > 2")).containsExactly("c", "d");
        assertThat(matching("page >= 2")).containsExactly("b", "c", "d");
        assertThat(matching("page < 7")).containsExactly("a", "b");
        assertThat(matching("page <= 7")).containsExactly("a", "b", "d");
        assertThat(matching("year >= 2021")).containsExactly("b", "c");
    }

    @Test
    void stringRangesAreLexicographic() {
        assertThat(matching("language > 'en'")).containsExactly("a", "d");
        assertThat(matching("language <= 'en'")).containsExactly("b", "c");
    }

    @Test
    void inAndNotIn() {
        assertThat(matching("language in ['fr', 'es']")).containsExactly("a", "d");
        assertThat(matching("page in [1, 10]")).containsExactly("a", "c");
        assertThat(matching("language nin ['fr', 'es']")).containsExactly("b", "c");
    }

    @Test
    void andOrNotAndGroups() {
        assertThat(matching("collection == 'home' && page > 8")).containsExactly("c");
        assertThat(matching("language == 'fr' || page == 7")).containsExactly("a", "d");
        assertThat(matching("not (collection == 'work')")).containsExactly("c", "d");
        assertThat(matching("(language == 'fr' || language == 'en') && collection == 'home'")).containsExactly("c");
    }

    @Test
    void isNullAndIsNotNull() {
        assertThat(matching("year IS NULL")).containsExactly("d");
        assertThat(matching("draft IS NOT NULL")).containsExactly("a", "b", "d");
    }
}
