package dev.tramontane.engine.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tramontane.engine.Fixtures;
import dev.tramontane.engine.constrain.JsonSchemaConstraint;
import dev.tramontane.engine.constrain.RandomSchemas;
import dev.tramontane.engine.gguf.GgufMetadata;
import dev.tramontane.engine.model.ExpertLayout;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.model.SyntheticModel;
import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.sampling.SamplingParams;
import dev.tramontane.engine.tokenizer.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The promise of constrained decoding, end to end through the serving path: hundreds of seeded
 * random schemas × random prompts, sampled at temperature > 0 from a random-weight model, all
 * submitted concurrently to one {@link InferenceService} (so they share batches), and every output
 * is one JSON document that an independent JSON Schema validator accepts. A request whose budget is
 * below its schema's shortest document must be refused up front with the documented
 * {@link InvalidGenerationRequestException}, never truncated into invalid JSON.
 */
class RandomSchemasOnRandomModelTest {

    private static final ObjectMapper STRICT = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final SchemaRegistry VALIDATORS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @TempDir
    Path dir;

    @Test
    void everyOutputOfARandomModelWithAByteFallbackVocabularyIsValidAgainstItsRandomSchema() throws Exception {
        GgufMetadata vocabulary = byteFallbackVocabulary();
        int size = vocabulary.getStringArray("tokenizer.ggml.tokens").length;
        Path file = dir.resolve("random-schemas-tiny-mixtral.gguf");
        SyntheticModel.write(file, new SyntheticModel.Spec(64, 2, 4, 2, 128, 4, 2, size, 256, 10000f, 16, 1e-5f,
                ExpertLayout.MERGED, GgmlType.F32, false, 20261127), SyntheticModel.TensorTypes.uniform(GgmlType.F32), vocabulary);
        try (Model model = Model.load(file)) {
            runMany(model, 240, 5, 72);
        }
    }

    @Test
    void everyOutputOfARandomModelWithTheRealMistralVocabularyIsValidAgainstItsRandomSchema() throws Exception {
        try (Model model = Model.load(Fixtures.require("models/mistral-vocab-mixtral-f16.gguf"))) {
            runMany(model, 100, 17, 48);
        }
    }

    /** What a submission became: refused at the door, or run to a result. */
    private record Outcome(int index, String schema, int maxTokens, int minTokens, GenerationResult result, Throwable refusal) {}

    private static void runMany(Model model, int schemas, long seed, int maxBudget) throws Exception {
        Tokenizer tokenizer = model.tokenizer();
        RandomSchemas generator = new RandomSchemas(seed);
        Random random = new Random(seed);
        List<String> schemaTexts = new ArrayList<>();
        List<GenerationRequest> requests = new ArrayList<>();
        List<Integer> minTokens = new ArrayList<>();
        for (int i = 0; i < schemas; i++) {
            String schema = generator.next().toString();
            // The service compiles with its default limits; the shortest document is a property of the schema alone.
            minTokens.add(JsonSchemaConstraint.compile(schema, tokenizer).minTokens());
            int maxTokens = 4 + random.nextInt(maxBudget - 3);
            SamplingParams sampling = SamplingParams.defaults().withTemperature(0.5f + random.nextInt(4) * 0.5f)
                    .withSeed(seed * 100_000 + i).withMaxTokens(maxTokens);
            schemaTexts.add(schema);
            requests.add(new GenerationRequest(randomPrompt(tokenizer, random), sampling, ResponseFormat.jsonSchema(schema)));
        }

        List<Outcome> outcomes = new ArrayList<>();
        try (InferenceService service = new InferenceService(model, ServiceConfig.defaults().withContextLength(256)
                .withMaxConcurrentSequences(8).withMaxQueueLength(schemas));
             ExecutorService submitters = Executors.newFixedThreadPool(4)) {
            // Four threads submit at once; the scheduler batches whatever is waiting.
            List<Future<Object>> submitted = new ArrayList<>();
            for (GenerationRequest request : requests) {
                submitted.add(submitters.submit(() -> {
                    try {
                        return service.submit(request);
                    } catch (GenerationRejectedException e) {
                        return e;
                    }
                }));
            }
            for (int i = 0; i < schemas; i++) {
                Object handleOrRefusal = submitted.get(i).get(60, TimeUnit.SECONDS);
                int maxTokens = requests.get(i).sampling().maxTokens();
                if (handleOrRefusal instanceof GenerationHandle handle) {
                    outcomes.add(new Outcome(i, schemaTexts.get(i), maxTokens, minTokens.get(i),
                            handle.result().get(120, TimeUnit.SECONDS), null));
                } else {
                    outcomes.add(new Outcome(i, schemaTexts.get(i), maxTokens, minTokens.get(i), null, (Throwable) handleOrRefusal));
                }
            }
        }

        int valid = 0;
        int refused = 0;
        for (Outcome o : outcomes) {
            String context = "schema #" + o.index() + " of seed " + seed + ": " + o.schema() + ", max tokens " + o.maxTokens()
                    + ", shortest document " + o.minTokens() + " bytes";
            if (o.minTokens() > o.maxTokens()) {
                // Documented: the budget cannot hold the shortest document, so the request is refused (HTTP 400), not run.
                assertThat(o.refusal()).as(context).isInstanceOf(InvalidGenerationRequestException.class)
                        .hasMessageContaining("shortest document").hasMessageContaining("raise max tokens");
                refused++;
                continue;
            }
            assertThat(o.refusal()).as(context).isNull();
            GenerationResult r = o.result();
            assertThat(r.error()).as(context).isNull();
            assertThat(r.finishReason()).as("%s\noutput: %s", context, r.text()).isEqualTo(FinishReason.STOP);
            assertThat(r.usage().completionTokens()).as(context).isLessThanOrEqualTo(o.maxTokens());
            assertThat(r.text()).as("text against its tokens, %s", context).isEqualTo(strictUtf8(tokenizer, r.tokens(), context));
            assertValid(o.schema(), r.text(), context);
            valid++;
        }
        System.out.printf("random schemas on a random model (vocabulary %d): %d schemas, %d outputs valid, %d refused as too short a budget%n",
                tokenizer.vocabSize(), schemas, valid, refused);
        assertThat(valid + refused).isEqualTo(schemas);
        // Both paths must be exercised, or the test proves less than it claims.
        assertThat(valid).isGreaterThanOrEqualTo(schemas * 3 / 4);
        assertThat(refused).isPositive();
    }

    /** Half the prompts are random token ids after BOS, half random text through the tokenizer. */
    private static int[] randomPrompt(Tokenizer tokenizer, Random random) {
        if (random.nextBoolean()) {
            int[] prompt = new int[1 + random.nextInt(24)];
            prompt[0] = tokenizer.bos();
            for (int i = 1; i < prompt.length; i++) {
                prompt[i] = random.nextInt(tokenizer.vocabSize());
            }
            return prompt;
        }
        String alphabet = "abcdefghijklmnopqrstuvwxyz  {}[]\":,0123456789éüß日本🦙";
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
        }
        int[] prompt = tokenizer.encode(text.toString(), true, false);
        return prompt.length <= 48 ? prompt : java.util.Arrays.copyOf(prompt, 48);
    }

    private static void assertValid(String schema, String text, String context) {
        try {
            STRICT.readTree(text);
        } catch (RuntimeException e) {
            throw new AssertionError("not one JSON document (" + context + "): " + text + "\n" + e.getMessage(), e);
        }
        Schema validator = VALIDATORS.getSchema(schema, InputFormat.JSON);
        assertThat(validator.validate(text, InputFormat.JSON)).as("schema violations of %s (%s)", text, context).isEmpty();
    }

    /** The generated tokens' bytes, decoded strictly: a token sequence that is not UTF-8 fails here rather than hiding behind U+FFFD. */
    private static String strictUtf8(Tokenizer tokenizer, int[] tokens, String context) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int t : tokens) {
            bytes.writeBytes(tokenizer.pieceBytes(t, false));
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("output is not well-formed UTF-8 (" + context + "): "
                    + java.util.HexFormat.of().formatHex(bytes.toByteArray()), e);
        }
    }

    /**
     * {@code <unk> <s> </s>}, the 256 byte pieces (so every byte the grammar may need has a token)
     * and a few JSON-shaped pieces that straddle structure, as real vocabularies do.
     */
    private static GgufMetadata byteFallbackVocabulary() {
        return SyntheticModel.byteFallbackVocabulary(List.of(), List.of("\u2581", "{\"", "\":", "\",", "\"}", "[{", "}]", "},", "true", "false", "null", "12", "0.",
                "-", "name", "city", "red", "green", "circle", "square", "\u2581the", "\\\"", "\\u00", "é", "日本", "🦙", "abc"));
    }
}
