package dev.tramontane.engine.constrain;

/** Where a value of {@code node} must start: after {@code :}, after {@code ,} in an array, or at the document's start; one space may come first. */
final class ValueSlotFrame extends Frame {

    private final SchemaNode node;
    private final boolean spaceAllowed;

    ValueSlotFrame(SchemaNode node, Frame resume, boolean spaceAllowed) {
        super(resume, node.minBytes);
        this.node = node;
        this.spaceAllowed = spaceAllowed;
    }

    @Override
    Frame step(int b) {
        if (b == ' ' && spaceAllowed) {
            return new ValueSlotFrame(node, parent, false);
        }
        return node.open(parent).step(b);
    }
}
