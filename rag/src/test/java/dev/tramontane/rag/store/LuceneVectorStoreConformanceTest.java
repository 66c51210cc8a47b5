package dev.tramontane.rag.store;

import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.test.vectorstore.BaseVectorStoreTests;
import org.springframework.ai.vectorstore.VectorStore;

import dev.tramontane.rag.TestEmbeddings;

/** Spring AI's own conformance suite for vector stores, run against the Lucene store. */
class LuceneVectorStoreConformanceTest extends BaseVectorStoreTests {

    @TempDir
    Path directory;

    @Override
    protected void executeTest(Consumer<VectorStore> testFunction) {
        try (LuceneVectorStore store = LuceneVectorStore.builder(TestEmbeddings.bundled())
                .indexDirectory(directory.resolve("index")).build()) {
            testFunction.accept(store);
        }
    }
}
