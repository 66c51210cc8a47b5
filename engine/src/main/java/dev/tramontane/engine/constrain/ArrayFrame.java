package dev.tramontane.engine.constrain;

/** Inside an array: items separated by commas (one optional space after each), between {@code minItems} and {@code maxItems} of them. */
final class ArrayFrame extends Frame {

    private static final byte START = 0;
    private static final byte OPEN = 1;
    private static final byte AFTER_VALUE = 2;

    private final SchemaNode.ArrayNode node;
    private final byte phase;
    private final int count;

    private ArrayFrame(Frame parent, SchemaNode.ArrayNode node, byte phase, int count, int local) {
        super(parent, local);
        this.node = node;
        this.phase = phase;
        this.count = count;
    }

    static ArrayFrame start(Frame parent, SchemaNode.ArrayNode node) {
        return new ArrayFrame(parent, node, START, 0, node.minBytes);
    }

    private ArrayFrame afterValue(int items) {
        return new ArrayFrame(parent, node, AFTER_VALUE, items, node.closeAfter(items));
    }

    @Override
    Frame step(int b) {
        switch (phase) {
            case START: {
                if (b != '[') {
                    return null;
                }
                int local = node.minItems == 0 ? 1 : node.closeAfter(0) - 1;
                return new ArrayFrame(parent, node, OPEN, 0, local);
            }
            case OPEN:
                if (b == ']') {
                    return node.minItems == 0 ? parent : null;
                }
                return node.maxItems > 0 ? node.item.open(afterValue(1)).step(b) : null;
            default:
                if (b == ']') {
                    return count >= node.minItems ? parent : null;
                }
                return b == ',' && count < node.maxItems ? new ValueSlotFrame(node.item, afterValue(count + 1), node.spaces) : null;
        }
    }

    @Override
    public String toString() {
        return "Array[phase " + phase + ", " + count + " items]";
    }
}
