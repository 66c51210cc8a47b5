package dev.tramontane.engine.constrain;

/**
 * One of a few fixed byte strings (enum values, const, true/false/null) being matched: the
 * options still alive and how many bytes are read. When an option is complete and the next byte
 * extends none, the value has ended and the byte goes to the parent (enum {@code [1, 12]}).
 */
final class LiteralFrame extends Frame {

    private final byte[][] options;
    private final int[] live;
    private final int offset;

    private LiteralFrame(Frame parent, byte[][] options, int[] live, int offset) {
        super(parent, shortestRest(options, live, offset));
        this.options = options;
        this.live = live;
        this.offset = offset;
    }

    static LiteralFrame start(Frame parent, byte[][] options) {
        int[] all = new int[options.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return new LiteralFrame(parent, options, all, 0);
    }

    private static int shortestRest(byte[][] options, int[] live, int offset) {
        int min = INFINITE;
        for (int i : live) {
            min = Math.min(min, options[i].length - offset);
        }
        return min;
    }

    @Override
    boolean canFinish() {
        for (int i : live) {
            if (options[i].length == offset) {
                return true;
            }
        }
        return false;
    }

    @Override
    Frame step(int b) {
        int n = 0;
        for (int i : live) {
            if (options[i].length > offset && (options[i][offset] & 0xFF) == b) {
                n++;
            }
        }
        Frame ended = canFinish() ? parent.step(b) : null;
        if (n == 0) {
            return ended;
        }
        int[] next = new int[n];
        int k = 0;
        for (int i : live) {
            if (options[i].length > offset && (options[i][offset] & 0xFF) == b) {
                next[k++] = i;
            }
        }
        Frame more = new LiteralFrame(parent, options, next, offset + 1);
        return ended == null ? more : ForkFrame.of(new Frame[] {more, ended}, 2);
    }

    @Override
    public String toString() {
        return "Literal[" + live.length + " options, offset " + offset + "]";
    }
}
