package dev.tramontane.engine.serve;

import dev.tramontane.engine.constrain.JsonSchemaConstraint;
import dev.tramontane.engine.constrain.TokenConstraint;
import dev.tramontane.engine.tokenizer.Tokenizer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Constrained decoding with {@link JsonSchemaConstraint}: any-JSON and JSON-schema formats.
 * Compiled grammars are kept per schema text (the most recently used {@value #CACHED_SCHEMAS}),
 * because applications send the same schema with every request.
 */
public final class JsonConstraintCompiler implements ConstraintCompiler {

    static final int CACHED_SCHEMAS = 64;

    private final Map<String, JsonSchemaConstraint> compiled = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonSchemaConstraint> eldest) {
            return size() > CACHED_SCHEMAS;
        }
    };
    private JsonSchemaConstraint anyJson;

    @Override
    public TokenConstraint compile(ResponseFormat format, Tokenizer tokenizer, int maxTokens) {
        JsonSchemaConstraint grammar = switch (format) {
            case ResponseFormat.AnyJson any -> anyJson(tokenizer);
            case ResponseFormat.JsonSchema schema -> schema(schema.schemaJson(), tokenizer);
            case ResponseFormat.Text text -> throw new IllegalArgumentException("free text needs no constraint");
        };
        return grammar.start(maxTokens);
    }

    private synchronized JsonSchemaConstraint anyJson(Tokenizer tokenizer) {
        if (anyJson == null || anyJson.tokenizer() != tokenizer) {
            anyJson = JsonSchemaConstraint.anyJson(tokenizer);
        }
        return anyJson;
    }

    private synchronized JsonSchemaConstraint schema(String schemaJson, Tokenizer tokenizer) {
        JsonSchemaConstraint c = compiled.get(schemaJson);
        if (c == null || c.tokenizer() != tokenizer) {
            c = JsonSchemaConstraint.compile(schemaJson, tokenizer);
            compiled.put(schemaJson, c);
        }
        return c;
    }
}
