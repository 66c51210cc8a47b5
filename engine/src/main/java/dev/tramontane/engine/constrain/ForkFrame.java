package dev.tramontane.engine.constrain;

import java.util.Arrays;

/**
 * Several stacks read in parallel, for {@code anyOf} (and type lists) whose alternatives share a
 * prefix: each byte advances every alternative and drops those that reject it. The text is valid
 * while one survives; when one ends, the document matches that alternative.
 */
final class ForkFrame extends Frame {

    private final Frame[] alternatives;

    private ForkFrame(Frame[] alternatives, int minClose) {
        super(null, minClose);
        this.alternatives = alternatives;
    }

    /** The alternatives that are not {@code null}, flattened: {@code null} if none, the frame itself if one. */
    static Frame of(Frame[] candidates, int count) {
        int n = 0;
        int total = 0;
        Frame single = null;
        for (int i = 0; i < count; i++) {
            Frame f = candidates[i];
            if (f == null) {
                continue;
            }
            single = f;
            n++;
            total += f instanceof ForkFrame fork ? fork.alternatives.length : 1;
        }
        if (n <= 1) {
            return single;
        }
        Frame[] flat = new Frame[total];
        int k = 0;
        int min = INFINITE;
        for (int i = 0; i < count; i++) {
            Frame f = candidates[i];
            if (f instanceof ForkFrame fork) {
                for (Frame a : fork.alternatives) {
                    k = addDistinct(flat, k, a);
                }
            } else if (f != null) {
                k = addDistinct(flat, k, f);
            }
            if (f != null) {
                min = Math.min(min, f.minClose);
            }
        }
        return k == 1 ? flat[0] : new ForkFrame(k == flat.length ? flat : Arrays.copyOf(flat, k), min);
    }

    /** Alternatives that ended into the very same parent state are one state. */
    private static int addDistinct(Frame[] flat, int k, Frame f) {
        for (int i = 0; i < k; i++) {
            if (flat[i] == f) {
                return k;
            }
        }
        flat[k] = f;
        return k + 1;
    }

    @Override
    Frame step(int b) {
        Frame[] next = new Frame[alternatives.length];
        for (int i = 0; i < alternatives.length; i++) {
            next[i] = alternatives[i].step(b);
        }
        return of(next, next.length);
    }

    @Override
    boolean canEnd() {
        for (Frame a : alternatives) {
            if (a.canEnd()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Fork" + Arrays.toString(alternatives);
    }
}
