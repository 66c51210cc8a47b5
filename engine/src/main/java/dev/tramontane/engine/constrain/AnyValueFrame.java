package dev.tramontane.engine.constrain;

/** The start of any JSON value: its first byte says which kind it is. */
final class AnyValueFrame extends Frame {

    private final SchemaNode.AnyNode node;

    AnyValueFrame(Frame parent, SchemaNode.AnyNode node) {
        super(parent, 1);
        this.node = node;
    }

    @Override
    Frame step(int b) {
        SchemaNode kind = switch (b) {
            case '{' -> node.object;
            case '[' -> node.array;
            case '"' -> node.string;
            case 't', 'f', 'n' -> node.literal;
            default -> b == '-' || b >= '0' && b <= '9' ? node.number : null;
        };
        return kind == null ? null : kind.open(parent).step(b);
    }
}
