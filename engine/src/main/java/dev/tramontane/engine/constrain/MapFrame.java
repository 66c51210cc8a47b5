package dev.tramontane.engine.constrain;

/** Inside an object with free keys (any object, or {@code additionalProperties: schema}); at most {@code maxEntries} entries. */
final class MapFrame extends Frame {

    private static final byte START = 0;
    private static final byte OPEN = 1;
    private static final byte AFTER_KEY = 2;
    private static final byte AFTER_VALUE = 3;
    private static final byte AFTER_COMMA = 4;

    private final SchemaNode.MapNode node;
    private final byte phase;
    private final int count;
    private final boolean spaceAllowed;

    private MapFrame(Frame parent, SchemaNode.MapNode node, byte phase, int count, boolean spaceAllowed) {
        super(parent, local(node, phase));
        this.node = node;
        this.phase = phase;
        this.count = count;
        this.spaceAllowed = spaceAllowed;
    }

    static MapFrame start(Frame parent, SchemaNode.MapNode node) {
        return new MapFrame(parent, node, START, 0, false);
    }

    private static int local(SchemaNode.MapNode node, byte phase) {
        int entry = add(node.key.minBytes, add(1, node.value.minBytes));
        return switch (phase) {
            case START -> 2;
            case AFTER_KEY -> add(1, add(node.value.minBytes, 1));
            case AFTER_COMMA -> add(entry, 1);
            default -> 1;
        };
    }

    @Override
    Frame step(int b) {
        switch (phase) {
            case START:
                return b == '{' ? new MapFrame(parent, node, OPEN, 0, false) : null;
            case OPEN:
                if (b == '}') {
                    return parent;
                }
                return b == '"' ? key() : null;
            case AFTER_KEY:
                return b == ':' ? new ValueSlotFrame(node.value, new MapFrame(parent, node, AFTER_VALUE, count + 1, false), node.spaces) : null;
            case AFTER_VALUE:
                if (b == '}') {
                    return parent;
                }
                return b == ',' && count < node.maxEntries ? new MapFrame(parent, node, AFTER_COMMA, count, node.spaces) : null;
            default:
                if (b == ' ' && spaceAllowed) {
                    return new MapFrame(parent, node, AFTER_COMMA, count, false);
                }
                return b == '"' ? key() : null;
        }
    }

    private Frame key() {
        return node.key.open(new MapFrame(parent, node, AFTER_KEY, count, false)).step('"');
    }

    @Override
    public String toString() {
        return "Map[phase " + phase + ", " + count + " entries]";
    }
}
