package dev.tramontane.engine.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns generated token ids into text as they arrive. A character outside the vocabulary comes as
 * several {@code <0xNN>} byte tokens (é = C3 A9, € = E2 82 AC, 🦙 = F0 9F A6 99); the bytes of an
 * unfinished character are held back until its last byte arrives, so a listener never sees half a
 * character. {@link #flush()} releases what is left at the end (an unfinished character then
 * becomes U+FFFD, as a lenient UTF-8 decoder does).
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class StreamingDecoder {

    private final Tokenizer tokenizer;
    private final boolean renderSpecial;
    private boolean stripLeadingSpace;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /**
     * @param stripLeadingSpace drop one leading space of the first token, as {@link Tokenizer#decode}
     *                          does for a whole text; {@code false} for a continuation of a prompt,
     *                          whose first word's space is real
     */
    public StreamingDecoder(Tokenizer tokenizer, boolean stripLeadingSpace, boolean renderSpecial) {
        this.tokenizer = tokenizer;
        this.stripLeadingSpace = stripLeadingSpace && tokenizer.vocabulary().addSpacePrefix();
        this.renderSpecial = renderSpecial;
    }

    public StreamingDecoder(Tokenizer tokenizer) {
        this(tokenizer, false, false);
    }

    /** Adds one token; returns the text it completes (often the whole piece, sometimes "", never half a character). */
    public String accept(int id) {
        byte[] piece = tokenizer.pieceBytes(id, renderSpecial);
        int skip = stripLeadingSpace && piece.length > 0 && piece[0] == ' ' ? 1 : 0;
        stripLeadingSpace = false;
        pending.write(piece, skip, piece.length - skip);
        byte[] bytes = pending.toByteArray();
        int complete = completePrefixLength(bytes);
        pending.reset();
        pending.write(bytes, complete, bytes.length - complete);
        return new String(bytes, 0, complete, StandardCharsets.UTF_8);
    }

    /** Releases every held byte; call once the stream ends. */
    public String flush() {
        String rest = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        return rest;
    }

    /** Whether bytes of an unfinished character are being held back. */
    public boolean hasPending() {
        return pending.size() > 0;
    }

    /**
     * The length of the longest prefix that does not end inside a character that may still be
     * completed: only a lead byte in the last three positions, missing some of its continuation
     * bytes, is held back; anything malformed is passed on (it decodes to U+FFFD either way).
     */
    static int completePrefixLength(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int b = bytes[n - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue; // a continuation byte: its lead is further back
            }
            int needed = b >= 0xF8 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? n - back : n;
        }
        return n;
    }
}
