package dev.tramontane.engine.sampling;

import java.util.List;

/**
 * Finds stop strings in streamed text even when one is split across tokens ("\nUs" + "er:").
 * Text that could still turn out to be the start of a stop string is held back; text before a
 * stop string is released and everything from the stop string on is dropped.
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class StopDetector {

    private final List<String> stops;
    private final StringBuilder held = new StringBuilder();
    private String matched;

    public StopDetector(List<String> stops) {
        this.stops = List.copyOf(stops);
    }

    /** Adds decoded text; returns what may be shown now (possibly ""). */
    public String accept(String text) {
        if (matched != null) {
            return "";
        }
        held.append(text);
        int earliest = -1;
        for (String stop : stops) {
            int at = held.indexOf(stop);
            if (at >= 0 && (earliest < 0 || at < earliest)) {
                earliest = at;
                matched = stop;
            }
        }
        if (earliest >= 0) {
            String before = held.substring(0, earliest);
            held.setLength(0);
            return before;
        }
        int keep = longestSuffixThatStartsAStop();
        String release = held.substring(0, held.length() - keep);
        held.delete(0, held.length() - keep);
        return release;
    }

    /** The text still held back; call when the stream ends without a stop string. */
    public String flush() {
        String rest = held.toString();
        held.setLength(0);
        return rest;
    }

    public boolean stopped() {
        return matched != null;
    }

    /** The stop string that ended the stream, or null. */
    public String matchedStop() {
        return matched;
    }

    private int longestSuffixThatStartsAStop() {
        String text = held.toString();
        int best = 0;
        for (String stop : stops) {
            for (int len = Math.min(stop.length() - 1, text.length()); len > best; len--) {
                if (text.regionMatches(text.length() - len, stop, 0, len)) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }
}
