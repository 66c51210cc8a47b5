package dev.tramontane.engine.tokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A SentencePiece vocabulary as GGUF stores it ({@code tokenizer.ggml.*}): the piece text of every
 * token id, its merge score (higher merges first) and its {@link TokenType}, plus the ids and flags
 * the tokenizer needs. An absent special id is {@code -1}.
 *
 * @param tokens         piece text by id, spaces written as {@code ▁} (U+2581)
 * @param scores         merge priority by id; the tokenizer merges the adjacent pair whose joined piece scores highest
 * @param types          token type by id
 * @param bosId          beginning-of-sequence id ({@code <s>}), or -1
 * @param eosId          end-of-sequence id ({@code </s>}), or -1
 * @param unknownId      id emitted for bytes that have no {@code <0xNN>} piece, or -1
 * @param addBos         whether prompts of this model start with BOS ({@code tokenizer.ggml.add_bos_token})
 * @param addSpacePrefix whether text gets a leading space before encoding, as SentencePiece's dummy prefix
 */
public record Vocabulary(
        List<String> tokens,
        float[] scores,
        List<TokenType> types,
        int bosId,
        int eosId,
        int unknownId,
        boolean addBos,
        boolean addSpacePrefix) {

    public Vocabulary {
        tokens = List.copyOf(Objects.requireNonNull(tokens, "tokens"));
        types = List.copyOf(Objects.requireNonNull(types, "types"));
        scores = Objects.requireNonNull(scores, "scores").clone();
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("vocabulary has no tokens; a SentencePiece vocabulary needs at least <unk>, <s> and </s>");
        }
        if (scores.length != tokens.size() || types.size() != tokens.size()) {
            throw new IllegalArgumentException("vocabulary arrays disagree: " + tokens.size() + " tokens, "
                    + scores.length + " scores, " + types.size() + " token types; all three must have one entry per token");
        }
        checkId("BOS", bosId, tokens.size());
        checkId("EOS", eosId, tokens.size());
        checkId("unknown", unknownId, tokens.size());
    }

    private static void checkId(String what, int id, int size) {
        if (id < -1 || id >= size) {
            throw new IllegalArgumentException(what + " token id " + id + " is outside the vocabulary of " + size
                    + " tokens; use -1 when the vocabulary has no such token");
        }
    }

    public int size() {
        return tokens.size();
    }

    public String token(int id) {
        return tokens.get(id);
    }

    public float score(int id) {
        return scores[id];
    }

    public TokenType type(int id) {
        return types.get(id);
    }

    @Override
    public float[] scores() {
        return scores.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && tokens.equals(v.tokens) && Arrays.equals(scores, v.scores)
                && types.equals(v.types) && bosId == v.bosId && eosId == v.eosId && unknownId == v.unknownId
                && addBos == v.addBos && addSpacePrefix == v.addSpacePrefix;
    }

    @Override
    public int hashCode() {
        return Objects.hash(tokens, Arrays.hashCode(scores), types, bosId, eosId, unknownId, addBos, addSpacePrefix);
    }

    @Override
    public String toString() {
        return "Vocabulary[" + tokens.size() + " tokens, bos=" + bosId + ", eos=" + eosId + ", unk=" + unknownId
                + ", addBos=" + addBos + ", addSpacePrefix=" + addSpacePrefix + "]";
    }
}
