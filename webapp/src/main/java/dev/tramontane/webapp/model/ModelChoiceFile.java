package dev.tramontane.webapp.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The model file last loaded from Settings or {@code POST /api/model}, kept in
 * {@code <data-dir>/model/selected-model.txt} (one absolute path) so the next start serves it too.
 * A model given by {@code --model} / {@code tramontane.model} wins over it.
 */
public final class ModelChoiceFile {

    private final Path file;

    public ModelChoiceFile(Path dataDir) {
        this.file = dataDir.resolve("model").resolve("selected-model.txt");
    }

    public Optional<Path> read() {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(Path.of(text));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an unreadable choice is no choice; start-up says which model it used
        }
    }

    /** Replaces the stored choice atomically (written beside it, then moved), so a crash leaves the old or the new one. */
    public void write(Path model) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, model.toAbsolutePath().normalize() + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the model choice in " + file + ": " + e.getMessage(), e);
        }
    }

    public Path location() {
        return file;
    }
}
