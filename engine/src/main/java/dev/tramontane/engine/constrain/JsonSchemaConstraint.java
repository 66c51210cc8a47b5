package dev.tramontane.engine.constrain;

import dev.tramontane.engine.tokenizer.Tokenizer;

/**
 * A JSON grammar bound to a tokenizer: the compiled, shareable half of constrained decoding.
 * Compile once per schema (and tokenizer), then call {@link #start(int)} for each sequence.
 * Immutable and thread-safe; the token trie is shared by every constraint of the same tokenizer.
 *
 * <pre>{@code
 * JsonSchemaConstraint schema = JsonSchemaConstraint.compile(schemaJson, tokenizer);
 * JsonConstraint c = schema.start(maxTokens);
 * while (!c.isComplete()) { float[] l = forward(...); c.mask(l); int t = sampler.sample(l);
 *                           if (t == tokenizer.eos()) break; c.accept(t); }
 * }</pre>
 */
public final class JsonSchemaConstraint {

    private final JsonGrammar grammar;
    private final Tokenizer tokenizer;
    private final TokenTrie trie;

    private JsonSchemaConstraint(JsonGrammar grammar, Tokenizer tokenizer) {
        this.grammar = grammar;
        this.tokenizer = tokenizer;
        this.trie = TokenTrie.of(tokenizer);
        for (int b = 0x20; b < 0x100; b++) {
            if (trie.singleByteToken[b] < 0) {
                throw new IllegalArgumentException(String.format("the vocabulary has no token for the single byte 0x%02X "
                        + "(neither a piece nor <0x%02X>); constrained decoding needs one for every byte from 0x20 to 0xFF "
                        + "to be sure it can always close the document within the token budget", b, b));
            }
        }
    }

    public static JsonSchemaConstraint of(JsonGrammar grammar, Tokenizer tokenizer) {
        return new JsonSchemaConstraint(grammar, tokenizer);
    }

    /** Compiles {@code schemaJson} with {@link JsonLimits#defaults()}; throws {@link UnsupportedSchemaException}. */
    public static JsonSchemaConstraint compile(String schemaJson, Tokenizer tokenizer) {
        return of(JsonGrammar.fromSchema(schemaJson), tokenizer);
    }

    public static JsonSchemaConstraint compile(String schemaJson, Tokenizer tokenizer, JsonLimits limits) {
        return of(JsonGrammar.fromSchema(schemaJson, limits), tokenizer);
    }

    /** Any JSON value, with {@link JsonLimits#defaults()}. */
    public static JsonSchemaConstraint anyJson(Tokenizer tokenizer) {
        return of(JsonGrammar.anyJson(JsonLimits.defaults()), tokenizer);
    }

    public static JsonSchemaConstraint anyJson(Tokenizer tokenizer, JsonLimits limits) {
        return of(JsonGrammar.anyJson(limits), tokenizer);
    }

    /**
     * A constraint for one sequence that will finish its document within {@code maxTokens} tokens
     * (EOS not counted): a token is allowed only if the shortest completion after it still fits,
     * counting one token per byte, which every vocabulary with byte fallback can always emit.
     *
     * @throws IllegalArgumentException if even the shortest document may need more than {@code maxTokens}
     */
    public JsonConstraint start(int maxTokens) {
        if (grammar.minBytes() > maxTokens) {
            throw new IllegalArgumentException("the schema's shortest document is " + grammar.minBytes()
                    + " bytes, which may need up to that many tokens, but max tokens is " + maxTokens + "; raise max tokens");
        }
        return new JsonConstraint(grammar.start(), tokenizer, trie, maxTokens);
    }

    /** Tokens needed at most for the shortest document (its length in bytes). */
    public int minTokens() {
        return grammar.minBytes();
    }

    public JsonGrammar grammar() {
        return grammar;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }
}
