package dev.tramontane.engine.constrain;

/** The bottom of every stack: the document is finished and nothing may follow (no trailing whitespace). */
final class DoneFrame extends Frame {

    static final DoneFrame INSTANCE = new DoneFrame();

    private DoneFrame() {
        super(null, 0);
    }

    @Override
    Frame step(int b) {
        return null;
    }

    @Override
    boolean canFinish() {
        return true;
    }
}
