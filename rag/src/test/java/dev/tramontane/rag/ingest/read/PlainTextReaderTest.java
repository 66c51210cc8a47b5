package dev.tramontane.rag.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainTextReaderTest {

    @TempDir
    Path dir;

    private static final String ACCENTED = "Ça va très bien, où est la gare ? Über München, añoranza, perché sì.";

    @Test
    void readsUtf8TextWithAccentsExactly() throws IOException {
        Path file = Files.writeString(dir.resolve("accents.txt"), ACCENTED, StandardCharsets.UTF_8);

        assertThat(ReadPages.of(file, "accents.txt")).containsExactly(new PageText(1, ACCENTED));
    }

    @Test
    void fallsBackToWindows1252WhenTheBytesAreNotUtf8() throws IOException {
        Path file = Files.write(dir.resolve("legacy.txt"), ACCENTED.getBytes(Charset.forName("windows-1252")));

        assertThat(ReadPages.of(file, "legacy.txt").get(0).text()).isEqualTo(ACCENTED);
    }

    @Test
    void honoursAUtf16ByteOrderMark() throws IOException {
        byte[] body = ACCENTED.getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[body.length + 2];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xFE;
        System.arraycopy(body, 0, bytes, 2, body.length);
        Path file = Files.write(dir.resolve("utf16.txt"), bytes);

        assertThat(ReadPages.of(file, "utf16.txt").get(0).text()).isEqualTo(ACCENTED);
    }

    @Test
    void splitsPagesAtFormFeeds() throws IOException {
        Path file = Files.writeString(dir.resolve("pages.txt"), "first page\fsecond page\fthird");

        assertThat(ReadPages.of(file, "pages.txt")).containsExactly(
                new PageText(1, "first page"), new PageText(2, "second page"), new PageText(3, "third"));
    }

    @Test
    void refusesABinaryFileNamedTxt() throws IOException {
        byte[] binary = new byte[4096];
        new java.util.Random(7).nextBytes(binary);
        Path file = Files.write(dir.resolve("photo.txt"), binary);

        assertThatThrownBy(() -> ReadPages.of(file, "photo.txt"))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessageContaining("'photo.txt' is binary, not text");
    }

    @Test
    void refusesAnEmptyFileAndAnUnknownType() throws IOException {
        Path empty = Files.write(dir.resolve("empty.txt"), new byte[0]);
        Path unknown = Files.writeString(dir.resolve("data.xyz"), "words");

        assertThatThrownBy(() -> ReadPages.of(empty, "empty.txt"))
                .isInstanceOf(UnreadableDocumentException.class).hasMessageContaining("'empty.txt' is empty");
        assertThatThrownBy(() -> ReadPages.of(unknown, "data.xyz"))
                .isInstanceOf(UnreadableDocumentException.class)
                .hasMessageContaining("'data.xyz' has a type Tramontane does not read").hasMessageContaining(".pdf");
    }
}
