package dev.tramontane.rag.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.util.BytesRef;
import org.springframework.ai.vectorstore.filter.Filter;

/**
 * Translates Spring AI's portable filter language into a Lucene query over the metadata fields of
 * {@link IndexFields}. Semantics follow Spring AI's in-memory store: {@code NE}, {@code NIN} and
 * {@code NOT} also match chunks that lack the key; comparisons with numbers use the numeric point
 * field, comparisons with strings the keyword field (lexicographic for ranges).
 */
public final class FilterQueryTranslator {

    /** Translates {@code expression}; {@code null} means no filter and yields match-all. */
    public Query translate(Filter.Expression expression) {
        if (expression == null) {
            return new MatchAllDocsQuery();
        }
        return switch (expression.type()) {
            case AND -> both(Occur.FILTER, operand(expression.left()), operand(expression.right()));
            case OR -> both(Occur.SHOULD, operand(expression.left()), operand(expression.right()));
            case NOT -> not(operand(expression.left()));
            case EQ -> equalTo(key(expression), value(expression));
            case NE -> not(equalTo(key(expression), value(expression)));
            case IN -> anyOf(key(expression), values(expression));
            case NIN -> not(anyOf(key(expression), values(expression)));
            case GT -> range(key(expression), value(expression), false, null, false);
            case GTE -> range(key(expression), value(expression), true, null, false);
            case LT -> range(key(expression), null, false, value(expression), false);
            case LTE -> range(key(expression), null, false, value(expression), true);
            case ISNULL -> not(new TermQuery(new Term(IndexFields.METADATA_KEYS, key(expression))));
            case ISNOTNULL -> new TermQuery(new Term(IndexFields.METADATA_KEYS, key(expression)));
        };
    }

    private Query operand(Filter.Operand operand) {
        if (operand instanceof Filter.Expression expression) {
            return translate(expression);
        }
        if (operand instanceof Filter.Group group) {
            return translate(group.content());
        }
        throw new IllegalArgumentException("filter operand " + operand
                + " must be an expression or a group here; keys and values belong inside a comparison");
    }

    private static Query both(Occur occur, Query left, Query right) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder().add(left, occur).add(right, occur);
        if (occur == Occur.SHOULD) {
            builder.setMinimumNumberShouldMatch(1);
        }
        return builder.build();
    }

    private static Query not(Query query) {
        return new BooleanQuery.Builder()
                .add(new MatchAllDocsQuery(), Occur.FILTER)
                .add(query, Occur.MUST_NOT)
                .build();
    }

    static Query equalTo(String key, Object value) {
        if (value instanceof Number number) {
            return DoublePoint.newExactQuery(IndexFields.numericField(key), number.doubleValue());
        }
        return new TermQuery(new Term(IndexFields.keywordField(key), keywordOf(value)));
    }

    private static Query anyOf(String key, List<Object> values) {
        if (values.isEmpty()) {
            return new BooleanQuery.Builder().build(); // matches nothing
        }
        if (values.stream().allMatch(v -> v instanceof Number)) {
            double[] numbers = values.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
            return DoublePoint.newSetQuery(IndexFields.numericField(key), numbers);
        }
        if (values.stream().noneMatch(v -> v instanceof Number)) {
            List<BytesRef> terms = values.stream().map(v -> new BytesRef(keywordOf(v))).toList();
            return new TermInSetQuery(IndexFields.keywordField(key), terms);
        }
        BooleanQuery.Builder mixed = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
        values.forEach(v -> mixed.add(equalTo(key, v), Occur.SHOULD));
        return mixed.build();
    }

    private static Query range(String key, Object lower, boolean lowerInclusive, Object upper, boolean upperInclusive) {
        Object bound = lower != null ? lower : upper;
        if (bound instanceof Number) {
            double low = lower == null ? Double.NEGATIVE_INFINITY
                    : lowerInclusive ? ((Number) lower).doubleValue() : Math.nextUp(((Number) lower).doubleValue());
            double high = upper == null ? Double.POSITIVE_INFINITY
                    : upperInclusive ? ((Number) upper).doubleValue() : Math.nextDown(((Number) upper).doubleValue());
            return DoublePoint.newRangeQuery(IndexFields.numericField(key), low, high);
        }
        return TermRangeQuery.newStringRange(IndexFields.keywordField(key),
                lower == null ? null : keywordOf(lower), upper == null ? null : keywordOf(upper),
                lowerInclusive, upperInclusive);
    }

    /** The keyword form of a metadata value, shared by indexing and querying. */
    static String keywordOf(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        if (value instanceof Float f && f == Math.rint(f) && !Float.isInfinite(f)) {
            return Long.toString(f.longValue());
        }
        return String.valueOf(value);
    }

    private static String key(Filter.Expression expression) {
        if (!(expression.left() instanceof Filter.Key key)) {
            throw new IllegalArgumentException("filter " + expression + " must have a metadata key on its left side");
        }
        return unquote(key.key());
    }

    private static Object value(Filter.Expression expression) {
        if (!(expression.right() instanceof Filter.Value value)) {
            throw new IllegalArgumentException("filter " + expression + " must have a value on its right side");
        }
        return value.value();
    }

    private static List<Object> values(Filter.Expression expression) {
        Object value = value(expression);
        if (value instanceof Collection<?> collection) {
            return new ArrayList<>(collection);
        }
        if (value instanceof Object[] array) {
            return List.of(array);
        }
        return List.of(value);
    }

    private static String unquote(String key) {
        if (key.length() >= 2 && (key.startsWith("\"") && key.endsWith("\"") || key.startsWith("'") && key.endsWith("'"))) {
            return key.substring(1, key.length() - 1);
        }
        return key;
    }
}
