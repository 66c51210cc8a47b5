package dev.tramontane.rag.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownReaderTest {

    @TempDir
    Path dir;

    @Test
    void turnsMarkdownIntoPlainTextWithHeadingSpans() throws IOException {
        Path md = Files.writeString(dir.resolve("notes.md"), """
                # Guía de mareas

                La marea **sube** dos veces
                al día, según [la luna](https://example.org).

                ## Consejos

                - Consulta la `tabla` antes de salir.
                - Lleva agua.
                """);

        PageText page = ReadPages.of(md, "notes.md").get(0);

        assertThat(page.text()).isEqualTo("Guía de mareas\n\nLa marea sube dos veces al día, según la luna.\n\n"
                + "Consejos\n\nConsulta la tabla antes de salir.\n\nLleva agua.");
        assertThat(ReadPages.headingText(page, 0)).isEqualTo("Guía de mareas");
        assertThat(ReadPages.headingText(page, 1)).isEqualTo("Consejos");
        assertThat(page.headings()).extracting(HeadingSpan::level).containsExactly(1, 2);
        try (PageSource source = new DocumentReaders().open(md, "notes.md")) {
            assertThat(source.title()).contains("Guía de mareas");
        }
    }
}
