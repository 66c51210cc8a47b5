package dev.tramontane.engine.serve;

import dev.tramontane.engine.constrain.TokenConstraint;
import dev.tramontane.engine.tokenizer.Tokenizer;

/**
 * Builds the per-sequence {@link TokenConstraint} for a {@link ResponseFormat}. Called on the
 * submitting thread, so a schema that cannot be compiled is refused before the request queues.
 * {@link JsonConstraintCompiler} is the real one.
 */
@FunctionalInterface
public interface ConstraintCompiler {

    /**
     * @param maxTokens the sequence's token budget: the constraint must close its document within it
     * @throws IllegalArgumentException if the format cannot be enforced (message names the unsupported part)
     */
    TokenConstraint compile(ResponseFormat format, Tokenizer tokenizer, int maxTokens);

    /** For a service without constrained decoding: every constrained format is refused. */
    ConstraintCompiler NONE = (format, tokenizer, maxTokens) -> {
        throw new IllegalArgumentException("response format " + format.getClass().getSimpleName()
                + " needs constrained decoding, which this inference service was built without");
    };
}
