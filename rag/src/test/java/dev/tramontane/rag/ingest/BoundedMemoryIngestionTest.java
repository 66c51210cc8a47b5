package dev.tramontane.rag.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated 500-page PDF is read and chunked page by page in a child JVM with a small heap
 * ({@value #HEAP}), and the live heap (after full GCs) must not grow with the pages read: holding the text
 * of pages 51–500 alone would add at least one byte per character (Latin-1 compact strings), so the growth
 * must stay well below half a byte per character. What does grow is PDFBox's table of parsed page objects,
 * measured at about 340 bytes per page (152 KB over 450 pages of 1,500 characters each).
 */
class BoundedMemoryIngestionTest {

    private static final int PAGES = 500;
    private static final String HEAP = "-Xmx32m";

    @TempDir
    Path dir;

    @Test
    void readsAndChunksAFiveHundredPagePdfInASmallHeapThatDoesNotGrowWithThePages() throws Exception {
        Path pdf = TestPdfs.write(dir.resolve("five-hundred.pdf"), PAGES, n -> new TestPdfs.Page("Chapter " + n,
                IntStream.range(0, 14).mapToObj(i -> "Page " + n + " line " + i
                        + ": the harbour master logs every arrival, departure, tide and wind reading in the register.")
                        .toList()));
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(IngestionCrashRecoveryTest.javaBinary(), HEAP, "-cp",
                IngestionCrashRecoveryTest.testClasspath(), ReadAndChunkDriver.class.getName(), pdf.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!child.waitFor(120, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("reading the 500-page PDF took over 120 s");
        }
        String output = Files.readString(log);

        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("pages=" + PAGES + " ");
        long laterCharacters = number(output, "charactersAfterFirstMeasure");
        long growth = number(output, "liveHeapGrowthBytes");
        assertThat(laterCharacters).isGreaterThan(500_000);
        assertThat(growth).as("live heap growth over pages 51-500 (bytes), against %d characters read", laterCharacters)
                .isLessThan(laterCharacters / 2);
    }

    private static long number(String output, String key) {
        Matcher matcher = Pattern.compile(key + "=(-?\\d+)").matcher(output);
        assertThat(matcher.find()).as("%s in %s", key, output).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
