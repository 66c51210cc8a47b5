package dev.tramontane.rag.ingest.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads plain text (UTF-8, or Windows-1252 when not valid UTF-8; see {@link TextDecoder}). A form feed
 * separates pages, as in text printed from other programs ({@code pdftotext} writes one per page); without
 * one the whole file is page 1. Line endings are kept as they are so offsets match the file's text.
 */
public final class PlainTextReader implements DocumentReader {

    @Override
    public PageSource open(Path file, String fileName) throws IOException {
        String text = TextDecoder.decode(Files.readAllBytes(file), fileName);
        List<PageText> pages = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\f') {
                pages.add(new PageText(pages.size() + 1, text.substring(start, i)));
                start = i + 1;
            }
        }
        return new ListPageSource(pages, null);
    }
}
