package dev.tramontane.rag.ingest.read;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The document formats ingestion reads, recognised by file name extension. */
public enum DocumentFormat {
    PDF(List.of("pdf")),
    DOCX(List.of("docx")),
    HTML(List.of("html", "htm", "xhtml")),
    MARKDOWN(List.of("md", "markdown")),
    TEXT(List.of("txt", "text"));

    private final List<String> extensions;

    DocumentFormat(List<String> extensions) {
        this.extensions = extensions;
    }

    public List<String> extensions() {
        return extensions;
    }

    /** The format of {@code fileName} by its extension, or empty when Tramontane does not read it. */
    public static Optional<DocumentFormat> ofFileName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return Optional.empty();
        }
        String extension = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(format -> format.extensions.contains(extension)).findFirst();
    }

    /** ".pdf, .docx, .html, …" for error messages. */
    public static String supportedExtensions() {
        return Arrays.stream(values()).flatMap(format -> format.extensions.stream())
                .map(extension -> "." + extension).collect(Collectors.joining(", "));
    }
}
