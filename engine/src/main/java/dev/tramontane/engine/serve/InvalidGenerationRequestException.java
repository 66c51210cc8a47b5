package dev.tramontane.engine.serve;

/** A request that can never run as given (empty prompt, unknown token, a limit exceeded, an unsupported schema): HTTP 400. */
public final class InvalidGenerationRequestException extends GenerationRejectedException {

    public InvalidGenerationRequestException(String message) {
        super(message);
    }

    public InvalidGenerationRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
