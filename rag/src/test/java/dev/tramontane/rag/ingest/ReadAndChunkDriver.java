package dev.tramontane.rag.ingest;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.Optional;

import dev.tramontane.rag.ingest.chunk.ApproximateTokenCounter;
import dev.tramontane.rag.ingest.chunk.ChunkingSettings;
import dev.tramontane.rag.ingest.chunk.StructureAwareChunker;
import dev.tramontane.rag.ingest.read.DocumentReaders;
import dev.tramontane.rag.ingest.read.PageSource;
import dev.tramontane.rag.ingest.read.PageText;

/**
 * Runs in a child JVM with a small heap for {@link BoundedMemoryIngestionTest}: reads a document page by
 * page and chunks it as an ingestion job does, and prints what it read and how much the live heap grew
 * between page {@value #FIRST_MEASURE} and the last page (measured after a full GC each time).
 */
public final class ReadAndChunkDriver {

    static final int FIRST_MEASURE = 50;

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        StructureAwareChunker chunker = new StructureAwareChunker(ChunkingSettings.DEFAULT, new ApproximateTokenCounter());
        long pages = 0;
        long chunks = 0;
        long characters = 0;
        long charactersAtFirstMeasure = 0;
        long liveAtFirstMeasure = 0;
        long liveAtEnd;
        try (PageSource source = new DocumentReaders().open(file, file.getFileName().toString())) {
            for (Optional<PageText> page = source.nextPage(); page.isPresent(); page = source.nextPage()) {
                pages++;
                characters += page.get().text().length();
                chunks += chunker.chunk(page.get()).size();
                if (pages == FIRST_MEASURE) {
                    liveAtFirstMeasure = liveHeap();
                    charactersAtFirstMeasure = characters;
                }
            }
            liveAtEnd = liveHeap();
        }
        System.out.println("pages=" + pages + " chunks=" + chunks + " characters=" + characters
                + " charactersAfterFirstMeasure=" + (characters - charactersAtFirstMeasure)
                + " liveHeapGrowthBytes=" + (liveAtEnd - liveAtFirstMeasure));
    }

    private static long liveHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
