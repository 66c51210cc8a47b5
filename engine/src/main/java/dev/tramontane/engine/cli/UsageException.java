package dev.tramontane.engine.cli;

/** A command line that cannot be understood; the CLI prints the message and the usage and exits with 2. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
