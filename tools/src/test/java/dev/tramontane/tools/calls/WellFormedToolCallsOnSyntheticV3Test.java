package dev.tramontane.tools.calls;

import dev.tramontane.tools.TestChatModel;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The v3 format ([AVAILABLE_TOOLS], [TOOL_CALLS] control tokens) on a model the engine writes itself: no fixture needed. */
class WellFormedToolCallsOnSyntheticV3Test extends WellFormedToolCallsContract {

    @TempDir
    static Path dir;
    static TestChatModel model;

    @BeforeAll
    static void load() {
        model = TestChatModel.syntheticMistralV3(dir);
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Override
    TestChatModel model() {
        return model;
    }

    @Override
    int maxTokens() {
        return 320;
    }
}
