package dev.tramontane.engine.constrain;

/**
 * One level of the JSON recogniser's stack, immutable: a persistent linked stack whose top is the
 * value being read and whose {@link #parent} is the enclosing container already advanced to the
 * state it resumes in once this value ends (so ending a value is just "return parent"). Being
 * immutable, a state can be branched freely, which is what walking the token trie needs.
 *
 * <p>The recogniser reads bytes of UTF-8: structure is ASCII, and inside strings the frame checks
 * UTF-8 itself, so a character split over several byte tokens is followed byte by byte.
 */
abstract class Frame {

    /** "Cannot be finished": large, yet a sum of two never overflows. */
    static final int INFINITE = 1 << 28;

    final Frame parent;
    /** The fewest bytes that turn the text so far into a whole document (this value plus every enclosing one). */
    final int minClose;

    Frame(Frame parent, int localMinClose) {
        this.parent = parent;
        this.minClose = add(localMinClose, parent == null ? 0 : parent.minClose);
    }

    /** The state after byte {@code b} (0..255), or {@code null} if no document can continue with it. */
    abstract Frame step(int b);

    /** Whether this value may end here without further bytes (a number after a digit, a literal that is complete). */
    boolean canFinish() {
        return false;
    }

    /** Whether the text so far is a whole document. */
    boolean canEnd() {
        return canFinish() && (parent == null || parent.canEnd());
    }

    static int add(int a, int b) {
        return Math.min(INFINITE, a + b);
    }
}
