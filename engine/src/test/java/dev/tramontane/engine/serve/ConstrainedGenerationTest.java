package dev.tramontane.engine.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.sampling.SamplingParams;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A request with a response format runs under the JSON constraint inside the batch. */
class ConstrainedGenerationTest {

    private static final String SCHEMA = """
            {"type": "object",
             "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
             "required": ["name", "age"], "additionalProperties": false}""";

    @Test
    void aJsonSchemaRequestProducesAMatchingDocumentAndStops() throws Exception {
        try (Model model = TestModels.stories();
             InferenceService service = new InferenceService(model, ServiceConfig.defaults().withContextLength(256))) {
            int[] prompt = model.tokenizer().encode("Once upon a time", true, false);
            for (int seed = 0; seed < 4; seed++) {
                GenerationResult r = service.submit(new GenerationRequest(prompt,
                        SamplingParams.defaults().withSeed(seed).withMaxTokens(80), ResponseFormat.jsonSchema(SCHEMA)))
                        .result().get(60, TimeUnit.SECONDS);
                assertThat(r.finishReason()).as(r.text()).isEqualTo(FinishReason.STOP);
                JsonNode json = JsonMapper.builder().build().readTree(r.text());
                assertThat(json.propertyNames()).containsExactlyInAnyOrder("name", "age");
                assertThat(json.get("name").isString()).isTrue();
                assertThat(json.get("age").isIntegralNumber()).isTrue();
            }
        }
    }

    @Test
    void anyJsonModeProducesParsableJson() throws Exception {
        try (Model model = TestModels.stories();
             InferenceService service = new InferenceService(model, ServiceConfig.defaults().withContextLength(256))) {
            int[] prompt = model.tokenizer().encode("The dog", true, false);
            GenerationResult r = service.submit(new GenerationRequest(prompt,
                    SamplingParams.defaults().withSeed(3).withMaxTokens(40), ResponseFormat.ANY_JSON))
                    .result().get(60, TimeUnit.SECONDS);
            assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
            JsonMapper.builder().build().readTree(r.text());
        }
    }
}
