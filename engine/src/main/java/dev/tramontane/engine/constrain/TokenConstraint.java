package dev.tramontane.engine.constrain;

/**
 * A per-sequence restriction on which token may come next, applied to the logits before sampling.
 * The generator's loop is: {@code mask(logits)} → sample → {@code accept(token)} → stop when
 * {@link #isComplete()} (or when EOS was sampled, which the mask only allows once {@link #canEnd()}).
 *
 * <p>One instance per sequence; not thread-safe.
 */
public interface TokenConstraint {

    /** Sets the logit of every token that may not come next to negative infinity; others are left unchanged. */
    void mask(float[] logits);

    /** Records the chosen token; throws {@link IllegalArgumentException} if the mask did not allow it. */
    void accept(int token);

    /** Whether the output so far is a whole document: EOS is allowed now. */
    boolean canEnd();

    /** Whether nothing but EOS can follow (or EOS was accepted): generation should stop. */
    boolean isComplete();
}
