package dev.tramontane.engine.constrain;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tramontane.engine.sampling.Sampler;
import dev.tramontane.engine.sampling.SamplingParams;
import dev.tramontane.engine.tokenizer.Tokenizer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The generation loop a sampler runs (mask → sample → accept) with a random "model", and the checks every output must pass. */
final class ConstrainedDecoding {

    private static final ObjectMapper STRICT = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final SchemaRegistry VALIDATORS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final java.util.Map<String, Schema> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

    private ConstrainedDecoding() {}

    /** The output of one constrained generation and how it stopped. */
    record Output(String text, int tokens, boolean stoppedByEos) {}

    static Output generate(JsonSchemaConstraint compiled, int maxTokens, long seed) {
        Tokenizer tokenizer = compiled.tokenizer();
        JsonConstraint constraint = compiled.start(maxTokens);
        RandomLogits model = new RandomLogits(seed, tokenizer.vocabSize(), tokenizer.eos());
        Sampler sampler = new Sampler(SamplingParams.defaults().withTemperature(0.5f + (seed % 4) * 0.5f).withSeed(seed));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int tokens = 0;
        boolean eos = false;
        while (!constraint.isComplete()) {
            assertShortestCompletionIsExact(constraint.state());
            float[] logits = model.next();
            if (tokenizer.vocabSize() < 5000 || tokens % 4 == 0) {
                // the string cache must never change the answer of a full walk of the trie
                float[] walked = logits.clone();
                constraint.maskWithoutCache(walked);
                constraint.mask(logits);
                assertThat(logits).as("cached mask after %s", constraint.text()).isEqualTo(walked);
            } else {
                constraint.mask(logits);
            }
            int token = sampler.sample(logits);
            constraint.accept(token);
            sampler.accept(token);
            if (token == tokenizer.eos()) {
                eos = true;
                break;
            }
            bytes.writeBytes(tokenizer.pieceBytes(token, false));
            tokens++;
            assertThat(tokens).as("tokens used, budget %d", maxTokens).isLessThanOrEqualTo(maxTokens);
        }
        return new Output(strictUtf8(bytes.toByteArray()), tokens, eos);
    }

    /**
     * The termination guarantee rests on {@link Frame#minClose} being the exact length of the
     * shortest completion: checked by its Bellman condition. No byte shortens it by more than one,
     * and some byte shortens it by exactly one, or it is 0 and the document can end.
     */
    static void assertShortestCompletionIsExact(Frame state) {
        int m = state.minClose;
        assertThat(m).as("state %s can be finished", state).isLessThan(Frame.INFINITE);
        boolean progress = m == 0 && state.canEnd();
        for (int b = 0; b < 256; b++) {
            Frame next = state.step(b);
            if (next != null) {
                assertThat(next.minClose).as("byte %d after %s", b, state).isGreaterThanOrEqualTo(m - 1);
                progress |= next.minClose == m - 1;
            }
        }
        assertThat(progress).as("some byte brings %s (%d bytes from the end) closer", state, m).isTrue();
    }

    /** Fails unless {@code text} is one JSON document that the JSON Schema {@code schema} accepts (checked by an independent validator). */
    static void assertValid(String schema, String text, String context) {
        try {
            STRICT.readTree(text);
        } catch (RuntimeException e) {
            throw new AssertionError("not JSON (" + context + "): " + text + "\n" + e.getMessage(), e);
        }
        Schema validator = COMPILED.computeIfAbsent(schema, s -> VALIDATORS.getSchema(s, InputFormat.JSON));
        List<Error> errors = validator.validate(text, InputFormat.JSON);
        assertThat(errors).as("schema violations of %s (%s) for schema %s", text, context, schema).isEmpty();
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("output is not well-formed UTF-8: " + java.util.HexFormat.of().formatHex(bytes), e);
        }
    }
}
