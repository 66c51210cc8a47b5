package dev.tramontane.engine.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.model.ExpertLayout;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.model.SyntheticModel;
import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.serve.InferenceService;
import dev.tramontane.engine.serve.ServiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;

/** The ChatModel through ChatClient on a random Mixtral the test writes itself, so it runs without the fixtures. */
class TramontaneChatModelWithoutFixturesTest {

    @Test
    void callAndStreamAgreeHonourSeedAndMaxTokensAndReportUsage(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("chat-tiny-mixtral.gguf");
        SyntheticModel.write(file, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, GgmlType.F32, 5));
        try (Model model = Model.load(file);
             InferenceService service = new InferenceService(model, ServiceConfig.defaults().withContextLength(128))) {
            ChatClient client = ChatClient.create(TramontaneChatModel.builder(service).build());
            TramontaneChatOptions.Builder options = TramontaneChatOptions.builder().seed(11L).temperature(1.0).maxTokens(6);

            ChatResponse called = client.prompt().user("t5 t6 t7").options(options).call().chatResponse();
            ChatResponse again = client.prompt().user("t5 t6 t7").options(options).call().chatResponse();
            List<String> streamed = client.prompt().user("t5 t6 t7").options(options).stream().content()
                    .collectList().block(Duration.ofSeconds(30));

            assertThat(again.getResult().getOutput().getText()).isEqualTo(called.getResult().getOutput().getText());
            assertThat(String.join("", streamed)).isEqualTo(called.getResult().getOutput().getText());
            int completion = called.getMetadata().getUsage().getCompletionTokens();
            String finish = called.getResult().getMetadata().getFinishReason();
            assertThat(finish).isIn("STOP", "LENGTH");
            if (finish.equals("LENGTH")) {
                assertThat(completion).isEqualTo(6);
            } else {
                assertThat(completion).as("end of sequence came first").isLessThan(6);
            }
            assertThat(called.getMetadata().getUsage().getPromptTokens()).isPositive();
        }
    }
}
