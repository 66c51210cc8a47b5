package dev.tramontane.engine.constrain;

/**
 * Inside an object with declared properties. Keys come in declaration order, so the next key is
 * one of a contiguous run: from the next unwritten property up to the first required one. A key is
 * matched with its {@code ":} as one literal, which makes the candidates prefix-free.
 */
final class ObjectFrame extends Frame {

    private static final byte START = 0;
    private static final byte OPEN = 1;
    private static final byte AFTER_VALUE = 2;
    private static final byte AFTER_COMMA = 3;
    private static final byte KEY = 4;

    private final SchemaNode.ObjectNode node;
    private final byte phase;
    /** The first property that may still be written. */
    private final int next;
    /** KEY: the properties whose key matches so far, and how many of its bytes are read. */
    private final int[] live;
    private final int offset;
    private final boolean spaceAllowed;

    private ObjectFrame(Frame parent, SchemaNode.ObjectNode node, byte phase, int next, int[] live, int offset,
                        boolean spaceAllowed, int local) {
        super(parent, local);
        this.node = node;
        this.phase = phase;
        this.next = next;
        this.live = live;
        this.offset = offset;
        this.spaceAllowed = spaceAllowed;
    }

    static ObjectFrame start(Frame parent, SchemaNode.ObjectNode node) {
        return new ObjectFrame(parent, node, START, 0, null, 0, false, node.minBytes);
    }

    private ObjectFrame open() {
        int local = node.anyRequiredFrom(0) ? node.restMin[0] - 1 : 1;
        return new ObjectFrame(parent, node, OPEN, 0, null, 0, false, local);
    }

    private ObjectFrame afterValue(int nextProperty) {
        return new ObjectFrame(parent, node, AFTER_VALUE, nextProperty, null, 0, false, node.restMin[nextProperty]);
    }

    private ObjectFrame afterComma(boolean space) {
        int min = INFINITE;
        for (int j = next; j <= node.lastCandidate[next]; j++) {
            min = Math.min(min, node.viaProperty(j, node.keys[j].length));
        }
        return new ObjectFrame(parent, node, AFTER_COMMA, next, null, 0, space, min);
    }

    /** Starts matching a key at its opening quote, among the properties that may come next. */
    private Frame keyQuote() {
        int last = node.lastCandidate[next];
        if (last < next) {
            return null;
        }
        int[] candidates = new int[last - next + 1];
        for (int j = next; j <= last; j++) {
            candidates[j - next] = j;
        }
        return matchKey(candidates, 0, '"');
    }

    private Frame matchKey(int[] candidates, int at, int b) {
        int n = 0;
        for (int j : candidates) {
            if ((node.keys[j][at] & 0xFF) == b) {
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        int[] matched = new int[n];
        int k = 0;
        int min = INFINITE;
        for (int j : candidates) {
            if ((node.keys[j][at] & 0xFF) == b) {
                matched[k++] = j;
                if (node.keys[j].length == at + 1) {
                    // "name": is complete; keys are prefix-free, so j is the only match
                    return new ValueSlotFrame(node.values[j], afterValue(j + 1), node.spaces);
                }
                min = Math.min(min, node.viaProperty(j, node.keys[j].length - at - 1));
            }
        }
        return new ObjectFrame(parent, node, KEY, next, matched, at + 1, false, min);
    }

    @Override
    Frame step(int b) {
        switch (phase) {
            case START:
                return b == '{' ? open() : null;
            case OPEN:
                if (b == '}') {
                    return node.anyRequiredFrom(0) ? null : parent;
                }
                return b == '"' ? keyQuote() : null;
            case AFTER_VALUE:
                if (b == '}') {
                    return node.anyRequiredFrom(next) ? null : parent;
                }
                return b == ',' && next < node.keys.length ? afterComma(node.spaces) : null;
            case AFTER_COMMA:
                if (b == ' ' && spaceAllowed) {
                    return afterComma(false);
                }
                return b == '"' ? keyQuote() : null;
            default:
                return matchKey(live, offset, b);
        }
    }

    @Override
    public String toString() {
        return "Object[phase " + phase + ", next " + next + "]";
    }
}
