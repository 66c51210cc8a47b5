package dev.tramontane.tools;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared, read-only test fixtures ({@code ../shared/fixtures} beside the checkout; the
 * build passes the path as the system property {@code tramontane.fixtures}). Tests that need a
 * fixture call {@link #require}: when the folder is missing the test is skipped with a loud reason,
 * never passed silently.
 */
public final class Fixtures {

    private Fixtures() {}

    public static Path root() {
        String configured = System.getProperty("tramontane.fixtures");
        return Path.of(configured != null ? configured : "../../shared/fixtures").toAbsolutePath().normalize();
    }

    /** The fixture at {@code relative} (e.g. {@code models/stories260K.gguf}); skips the test if absent. */
    public static Path require(String relative) {
        Path file = root().resolve(relative);
        boolean present = Files.exists(file);
        if (!present) {
            System.err.println("!!! FIXTURE MISSING: " + file + " — test skipped. Lay ../shared/fixtures beside the checkout to run it.");
        }
        assumeTrue(present, "fixture missing: " + file + " (expected ../shared/fixtures beside the checkout)");
        return file;
    }
}
