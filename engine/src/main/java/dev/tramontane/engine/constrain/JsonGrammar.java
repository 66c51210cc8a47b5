package dev.tramontane.engine.constrain;

import java.nio.charset.StandardCharsets;

/**
 * A JSON Schema (or "any JSON value") compiled to a recogniser of its documents, independent of any
 * tokenizer: a pushdown automaton over UTF-8 bytes whose states are immutable {@link Frame} stacks.
 * Documents are compact: no whitespace except, when {@link JsonLimits#allowSpaces()}, one optional
 * space before the document and after each {@code :} and {@code ,}; object properties come in the
 * schema's order. Immutable and thread-safe.
 */
public final class JsonGrammar {

    private final SchemaNode root;
    private final JsonLimits limits;

    private JsonGrammar(SchemaNode root, JsonLimits limits) {
        this.root = root;
        this.limits = limits;
    }

    /** Compiles {@code schemaJson}; throws {@link UnsupportedSchemaException} naming what cannot be enforced. */
    public static JsonGrammar fromSchema(String schemaJson, JsonLimits limits) {
        return new JsonGrammar(SchemaCompiler.compile(schemaJson, limits), limits);
    }

    public static JsonGrammar fromSchema(String schemaJson) {
        return fromSchema(schemaJson, JsonLimits.defaults());
    }

    /** Any JSON value (OpenAI's {@code json_object} mode accepts objects only: use {@code {"type":"object"}} for that). */
    public static JsonGrammar anyJson(JsonLimits limits) {
        return new JsonGrammar(SchemaCompiler.anyJson(limits), limits);
    }

    public JsonLimits limits() {
        return limits;
    }

    /** Bytes of the shortest document. */
    public int minBytes() {
        return root.minBytes;
    }

    /** Whether {@code text} can be continued into a document of this grammar (the empty text always can). */
    public boolean matchesPrefix(String text) {
        return run(text) != null;
    }

    /** Whether {@code text} is a whole document of this grammar. */
    public boolean matches(String text) {
        Frame end = run(text);
        return end != null && end.canEnd();
    }

    Frame start() {
        return new ValueSlotFrame(root, DoneFrame.INSTANCE, limits.allowSpaces());
    }

    private Frame run(String text) {
        Frame state = start();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            state = state.step(b & 0xFF);
            if (state == null) {
                return null;
            }
        }
        return state;
    }
}
