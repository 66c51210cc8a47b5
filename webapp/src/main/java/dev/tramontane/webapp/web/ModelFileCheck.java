package dev.tramontane.webapp.web;

import dev.tramontane.engine.gguf.GgufFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a model file the user typed on the Settings page by opening its GGUF header (metadata and
 * tensor directory; the weights stay on disk), so a typo or a wrong file is reported at once.
 *
 * @param valid        whether the file can be loaded
 * @param messageKey   the message explaining the result
 * @param detail       what the message names: the model's name, or the error
 */
public record ModelFileCheck(boolean valid, String messageKey, String detail, long sizeBytes) {

    public static ModelFileCheck of(String typed) {
        Path path;
        try {
            path = Path.of(typed.strip());
        } catch (RuntimeException e) {
            return new ModelFileCheck(false, "settings.model.invalidPath", typed, 0);
        }
        if (!Files.isRegularFile(path)) {
            return new ModelFileCheck(false, "settings.model.missing", path.toAbsolutePath().toString(), 0);
        }
        if (!Files.isReadable(path)) {
            return new ModelFileCheck(false, "settings.model.unreadable", path.toAbsolutePath().toString(), 0);
        }
        try (GgufFile gguf = GgufFile.open(path)) {
            String name = gguf.metadata().getString("general.name", path.getFileName().toString());
            return new ModelFileCheck(true, "settings.model.valid", name + " (" + gguf.tensors().size() + " tensors)",
                    Files.size(path));
        } catch (Exception e) {
            return new ModelFileCheck(false, "settings.model.notGguf", String.valueOf(e.getMessage()), 0);
        }
    }
}
