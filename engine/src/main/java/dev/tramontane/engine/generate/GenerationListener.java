package dev.tramontane.engine.generate;

/** Receives a generation as it happens; called on the generating thread. */
public interface GenerationListener {

    /** Text that is final: whole characters, never part of a stop string. May be called with pieces of any length. */
    void onText(String text);

    /** Every sampled token id, before its text (which may be held back) is known. */
    default void onToken(int tokenId) {}

    /** Checked before each new token; return true to end the generation with {@link StopReason#CANCELLED}. */
    default boolean cancelled() {
        return false;
    }

    GenerationListener NONE = text -> {};
}
