package dev.tramontane.engine.tokenizer;

/**
 * The kind of a vocabulary entry, with the codes GGUF stores in {@code tokenizer.ggml.token_type}
 * (the values of SentencePiece's {@code ModelProto.SentencePiece.Type}).
 */
public enum TokenType {
    /** Code 0: absent from some converters' output; treated like {@link #NORMAL} text. */
    UNDEFINED(0),
    NORMAL(1),
    UNKNOWN(2),
    /** {@code <s>}, {@code </s>}, {@code [INST]} in v3 vocabularies: never produced from user text unless asked. */
    CONTROL(3),
    /** Matched verbatim in input text before the merge pass, and decoded verbatim. */
    USER_DEFINED(4),
    UNUSED(5),
    /** {@code <0xNN>}: one raw byte, used when a character has no piece of its own. */
    BYTE(6);

    private final int code;

    TokenType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static TokenType fromCode(int code) {
        for (TokenType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IllegalArgumentException("token type code " + code
                + " is not a SentencePiece token type; expected 0..6 (undefined, normal, unknown, control, user-defined, unused, byte)");
    }
}
