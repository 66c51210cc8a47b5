package dev.tramontane.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.constrain.TokenConstraint;
import dev.tramontane.engine.model.ExpertLayout;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.model.SyntheticModel;
import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.sampling.SamplingParams;
import dev.tramontane.engine.serve.FinishReason;
import dev.tramontane.engine.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared decoding step, driven with hand-made logits so each end condition is reached on purpose. */
class SequenceDecoderTest {

    @TempDir
    static Path dir;

    /** Pieces ▁t3 … ▁t6 of the synthetic vocabulary. */
    private static final int[] TEXT_TOKENS = {3, 4, 5, 6};

    private static Model model;
    private static Tokenizer tokenizer;

    @BeforeAll
    static void loadARandomMixtralForItsVocabulary() throws IOException {
        Path file = dir.resolve("random-mixtral.gguf");
        SyntheticModel.write(file, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, GgmlType.F32, 11));
        model = Model.load(file);
        tokenizer = model.tokenizer();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Logits whose only maximum is {@code token}, so greedy sampling picks it. */
    private static float[] peakAt(int token) {
        float[] logits = new float[tokenizer.vocabSize()];
        logits[token] = 10f;
        return logits;
    }

    private static SequenceDecoder decoder(SamplingParams params, TokenConstraint constraint, int maxNewTokens) {
        return new SequenceDecoder(tokenizer, params, new int[] {tokenizer.bos()}, constraint, maxNewTokens);
    }

    @Test
    void releasesTheDecodedTextOfTheSampledTokensAndEndsAtMaxTokens() {
        int[] ids = TEXT_TOKENS;
        SequenceDecoder sequence = decoder(SamplingParams.greedy(), null, ids.length);
        StringBuilder streamed = new StringBuilder();
        for (int i = 0; i < ids.length; i++) {
            SequenceDecoder.Step step = sequence.next(peakAt(ids[i]), 1 + i + 1, 64);
            assertThat(step.token()).isEqualTo(ids[i]);
            assertThat(step.stop()).isEqualTo(i == ids.length - 1 ? StopReason.MAX_TOKENS : null);
            streamed.append(step.text());
        }
        streamed.append(sequence.flush());
        assertThat(sequence.tokens()).containsExactly(ids);
        assertThat(streamed.toString()).isEqualTo(sequence.text());
        int[] withBos = new int[ids.length + 1];
        withBos[0] = tokenizer.bos();
        System.arraycopy(ids, 0, withBos, 1, ids.length);
        assertThat(sequence.text()).isEqualTo(tokenizer.decode(withBos)).isEqualTo(" t3 t4 t5 t6");
    }

    @Test
    void endOfSequenceEndsItWithoutBeingRecordedOrShown() {
        int word = TEXT_TOKENS[0];
        SequenceDecoder sequence = decoder(SamplingParams.greedy(), null, 10);
        sequence.next(peakAt(word), 2, 64);
        SequenceDecoder.Step end = sequence.next(peakAt(tokenizer.eos()), 3, 64);
        assertThat(end).isEqualTo(new SequenceDecoder.Step(tokenizer.eos(), "", StopReason.EOS));
        assertThat(sequence.tokens()).containsExactly(word);
        assertThat(sequence.lastToken()).isEqualTo(word);
    }

    @Test
    void aFullContextEndsItButMaxTokensIsReportedFirst() {
        int word = TEXT_TOKENS[0];
        assertThat(decoder(SamplingParams.greedy(), null, 10).next(peakAt(word), 64, 64).stop()).isEqualTo(StopReason.CONTEXT_FULL);
        assertThat(decoder(SamplingParams.greedy(), null, 10).next(peakAt(word), 63, 64).stop()).isNull();
        assertThat(decoder(SamplingParams.greedy(), null, 1).next(peakAt(word), 64, 64).stop()).isEqualTo(StopReason.MAX_TOKENS);
    }

    @Test
    void aStopStringEndsItAndIsLeftOutOfTheText() {
        int[] ids = TEXT_TOKENS;
        String full = tokenizer.decode(prefixedWithBos(ids));
        String stop = full.substring(full.length() - 3);
        SequenceDecoder sequence = decoder(SamplingParams.greedy().withStop(List.of(stop)), null, 100);
        StopReason reason = null;
        for (int i = 0; i < ids.length && reason == null; i++) {
            reason = sequence.next(peakAt(ids[i]), 2 + i, 64).stop();
        }
        assertThat(reason).isEqualTo(StopReason.STOP_STRING);
        assertThat(sequence.flush()).isEmpty();
        assertThat(stop).isEqualTo(" t6");
        assertThat(sequence.text()).isEqualTo(" t3 t4 t5");
    }

    @Test
    void theConstraintMasksTheLogitsAndEndsItWhenComplete() {
        int[] ids = TEXT_TOKENS;
        int allowed = ids[0];
        // allows one token only, then nothing but EOS
        TokenConstraint oneToken = new TokenConstraint() {
            boolean done;

            @Override
            public void mask(float[] logits) {
                for (int t = 0; t < logits.length; t++) {
                    if (t != allowed) {
                        logits[t] = Float.NEGATIVE_INFINITY;
                    }
                }
            }

            @Override
            public void accept(int token) {
                done = true;
            }

            @Override
            public boolean canEnd() {
                return done;
            }

            @Override
            public boolean isComplete() {
                return done;
            }
        };
        SequenceDecoder.Step step = decoder(SamplingParams.greedy(), oneToken, 10).next(peakAt(ids[ids.length - 1]), 2, 64);
        assertThat(step.token()).isEqualTo(allowed);
        assertThat(step.stop()).isEqualTo(StopReason.CONSTRAINT_COMPLETE);
    }

    @Test
    void theServingApiReportsEachPreciseReasonAsItsCoarseOne() {
        assertThat(FinishReason.of(StopReason.EOS)).isEqualTo(FinishReason.STOP);
        assertThat(FinishReason.of(StopReason.STOP_STRING)).isEqualTo(FinishReason.STOP);
        assertThat(FinishReason.of(StopReason.CONSTRAINT_COMPLETE)).isEqualTo(FinishReason.STOP);
        assertThat(FinishReason.of(StopReason.MAX_TOKENS)).isEqualTo(FinishReason.LENGTH);
        assertThat(FinishReason.of(StopReason.CONTEXT_FULL)).isEqualTo(FinishReason.LENGTH);
        assertThat(FinishReason.of(StopReason.CANCELLED)).isEqualTo(FinishReason.CANCELLED);
    }

    private static int[] prefixedWithBos(int[] ids) {
        int[] withBos = new int[ids.length + 1];
        withBos[0] = tokenizer.bos();
        System.arraycopy(ids, 0, withBos, 1, ids.length);
        return withBos;
    }
}
