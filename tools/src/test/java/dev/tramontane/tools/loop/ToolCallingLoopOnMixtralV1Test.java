package dev.tramontane.tools.loop;

import dev.tramontane.tools.TestChatModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The v1 format of Mixtral 8x7B Instruct (no tool tokens) on the real Mistral v1 vocabulary (fixture). */
class ToolCallingLoopOnMixtralV1Test extends ToolCallingLoopContract {

    static TestChatModel model;

    @BeforeAll
    static void load() {
        model = TestChatModel.mistralV1();
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
}
