package dev.tramontane.engine.chat;

import dev.tramontane.engine.tokenizer.Tokenizer;
import java.util.Arrays;

/** Builds a prompt from control-token ids and plain text (tokenized without special parsing). */
final class TokenSequence {

    private final Tokenizer tokenizer;
    private int[] ids = new int[64];
    private int size;

    TokenSequence(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    TokenSequence id(int id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size++] = id;
        return this;
    }

    /** Plain text with the SentencePiece dummy-prefix space; special-token text stays text. */
    TokenSequence text(String text) {
        for (int id : tokenizer.encode(text, false, false)) {
            id(id);
        }
        return this;
    }

    int[] toArray() {
        return Arrays.copyOf(ids, size);
    }
}
