package dev.tramontane.engine.serve;

/**
 * Where the service reports its measurements; {@link #NONE} by default, {@link MicrometerServiceMetrics}
 * for a Micrometer registry. Called on the scheduler thread (and {@link #rejected} on the submitter's): keep it cheap.
 */
public interface ServiceMetrics {

    ServiceMetrics NONE = new ServiceMetrics() {};

    /** Called once when the service starts, so gauges can read {@link InferenceService#stats()}. */
    default void bind(InferenceService service) {}

    /** A request was refused; {@code reason} is the exception's simple class name. */
    default void rejected(String reason) {}

    /** One batch step of {@code batchSize} sequences took {@code nanos}. */
    default void step(int batchSize, long nanos) {}

    /** A prompt was looked up in the prompt cache; {@code reusedTokens} 0 is a miss. */
    default void promptCacheLookup(int promptTokens, int reusedTokens) {}

    /** The first token of a request was sampled, {@code nanos} after submission. */
    default void firstToken(long nanos) {}

    /** A request ended. */
    default void finished(GenerationResult result) {}
}
