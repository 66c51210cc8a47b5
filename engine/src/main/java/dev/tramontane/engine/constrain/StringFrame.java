package dev.tramontane.engine.constrain;

/**
 * Inside a string: any character except an unescaped {@code "} {@code \} or control character
 * (U+0000–U+001F), JSON escapes, and well-formed UTF-8 checked byte by byte (no overlong forms, no
 * surrogates, nothing above U+10FFFF), so a character split across {@code <0xNN>} tokens is
 * followed exactly. {@code \}{@code u} escapes of surrogates are refused too: a lone one is not text.
 * Length is counted in characters (an escape is one), as JSON Schema's {@code maxLength} does.
 */
final class StringFrame extends Frame {

    private static final byte START = 0;
    private static final byte TEXT = 1;
    private static final byte ESCAPE = 2;
    private static final byte UNICODE = 3;
    private static final byte UTF8 = 4;

    private final SchemaNode.StringNode node;
    private final int count;
    private final byte mode;
    /** UNICODE: hex digits read (low bits) and whether the first was d/D (bit 4); UTF8: continuation bytes still due. */
    private final byte aux;
    /** UTF8: the allowed range of the next continuation byte. */
    private final byte lo;
    private final byte hi;

    private StringFrame(Frame parent, SchemaNode.StringNode node, int count, byte mode, int aux, int lo, int hi) {
        super(parent, local(node, count, mode, aux));
        this.node = node;
        this.count = count;
        this.mode = mode;
        this.aux = (byte) aux;
        this.lo = (byte) lo;
        this.hi = (byte) hi;
    }

    static StringFrame start(Frame parent, SchemaNode.StringNode node) {
        return new StringFrame(parent, node, 0, START, 0, 0, 0);
    }

    private static int local(SchemaNode.StringNode node, int count, byte mode, int aux) {
        if (node.minLength > node.maxLength) {
            return INFINITE;
        }
        int rest = Math.max(0, node.minLength - count) + 1;
        return switch (mode) {
            case START -> rest + 1;
            case TEXT -> rest;
            case ESCAPE -> rest + 1;
            case UNICODE -> rest + 4 - (aux & 7);
            default -> rest + aux;
        };
    }

    @Override
    Frame step(int b) {
        switch (mode) {
            case START:
                return b == '"' ? text(0) : null;
            case TEXT:
                if (b == '"') {
                    return count >= node.minLength ? parent : null;
                }
                if (b < 0x20 || count >= node.maxLength) {
                    return null;
                }
                if (b == '\\') {
                    return new StringFrame(parent, node, count + 1, ESCAPE, 0, 0, 0);
                }
                if (b < 0x80) {
                    return text(count + 1);
                }
                return leadByte(b);
            case ESCAPE:
                if (b == 'u') {
                    return new StringFrame(parent, node, count, UNICODE, 0, 0, 0);
                }
                return b == '"' || b == '\\' || b == '/' || b == 'b' || b == 'f' || b == 'n' || b == 'r' || b == 't'
                        ? text(count) : null;
            case UNICODE: {
                int digits = aux & 7;
                boolean highD = (aux & 16) != 0;
                int v = Character.digit(b, 16);
                if (v < 0 || digits == 1 && highD && v >= 8) {
                    return null; // \uD800–\uDFFF: a surrogate, not a character
                }
                if (digits == 3) {
                    return text(count);
                }
                int flag = digits == 0 ? (v == 0xD ? 16 : 0) : aux & 16;
                return new StringFrame(parent, node, count, UNICODE, (digits + 1) | flag, 0, 0);
            }
            default: {
                if (b < (lo & 0xFF) || b > (hi & 0xFF)) {
                    return null;
                }
                return aux == 1 ? text(count) : new StringFrame(parent, node, count, UTF8, aux - 1, 0x80, 0xBF);
            }
        }
    }

    /** The first byte of a multi-byte character: how many continuation bytes follow and the range of the first (RFC 3629 table). */
    private Frame leadByte(int b) {
        int next = count + 1;
        if (b >= 0xC2 && b <= 0xDF) {
            return new StringFrame(parent, node, next, UTF8, 1, 0x80, 0xBF);
        }
        if (b == 0xE0) {
            return new StringFrame(parent, node, next, UTF8, 2, 0xA0, 0xBF);
        }
        if (b == 0xED) {
            return new StringFrame(parent, node, next, UTF8, 2, 0x80, 0x9F);
        }
        if (b >= 0xE1 && b <= 0xEF) {
            return new StringFrame(parent, node, next, UTF8, 2, 0x80, 0xBF);
        }
        if (b == 0xF0) {
            return new StringFrame(parent, node, next, UTF8, 3, 0x90, 0xBF);
        }
        if (b >= 0xF1 && b <= 0xF3) {
            return new StringFrame(parent, node, next, UTF8, 3, 0x80, 0xBF);
        }
        if (b == 0xF4) {
            return new StringFrame(parent, node, next, UTF8, 3, 0x80, 0x8F);
        }
        return null;
    }

    private StringFrame text(int n) {
        return new StringFrame(parent, node, n, TEXT, 0, 0, 0);
    }

    /**
     * In running text, at least {@code room} characters from the maximum and past the minimum, every
     * state of this string allows the same tokens: none of them can reach a length bound, and the
     * closing quote leads to the same parent. The mask depends only on this key then.
     */
    Object freeTextKey(int room) {
        boolean free = mode == TEXT && count >= node.minLength && node.maxLength - count >= room;
        return free ? new FreeTextKey(parent, node) : null;
    }

    /** Equal for the running text of one string (its parent frame is the same object throughout). */
    private record FreeTextKey(Frame parent, SchemaNode.StringNode node) {}

    @Override
    public String toString() {
        return "String[" + count + " chars, mode " + mode + "]";
    }
}
