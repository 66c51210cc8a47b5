package dev.tramontane.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.Fixtures;
import dev.tramontane.engine.model.ExpertLayout;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.model.SyntheticModel;
import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.sampling.SamplingParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The generation loop on a random Mixtral the project writes itself (no fixtures), and on stories260K. */
class GeneratorTest {

    @TempDir
    static Path dir;

    private static Model model;

    @BeforeAll
    static void writeAndLoadARandomMixtral() throws IOException {
        Path file = dir.resolve("random-mixtral.gguf");
        SyntheticModel.write(file, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, GgmlType.F32, 11));
        model = Model.load(file);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static int[] bosOnly() {
        return new int[] {model.tokenizer().bos()};
    }

    @Test
    void theSameSeedGivesTheSameTokensAndAnotherSeedOthers() {
        SamplingParams params = SamplingParams.defaults().withTemperature(1.5f).withTopK(0).withMinP(0).withMaxTokens(40).withSeed(5);
        Generator generator = new Generator(model);
        GenerationResult first = generator.generate(bosOnly(), params, 64, GenerationListener.NONE);
        GenerationResult again = generator.generate(bosOnly(), params, 64, GenerationListener.NONE);
        GenerationResult other = generator.generate(bosOnly(), params.withSeed(6), 64, GenerationListener.NONE);
        assertThat(again.generatedTokens()).containsExactly(first.generatedTokens());
        assertThat(again.text()).isEqualTo(first.text());
        assertThat(other.generatedTokens()).isNotEqualTo(first.generatedTokens());
    }

    @Test
    void streamsExactlyTheDecodedTextOfTheTokensAndStopsAtMaxTokens() {
        List<String> pieces = new ArrayList<>();
        List<Integer> tokens = new ArrayList<>();
        GenerationResult result = new Generator(model).generate(bosOnly(), SamplingParams.greedy().withMaxTokens(12), 64,
                new GenerationListener() {
                    @Override
                    public void onText(String text) {
                        pieces.add(text);
                    }

                    @Override
                    public void onToken(int tokenId) {
                        tokens.add(tokenId);
                    }
                });
        assertThat(result.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(result.generatedTokens()).hasSize(12);
        assertThat(tokens).containsExactlyElementsOf(Arrays.stream(result.generatedTokens()).boxed().toList());
        assertThat(String.join("", pieces)).isEqualTo(result.text());
        // a continuation keeps its first space, so this is decode() of [BOS, tokens…]
        int[] withBos = new int[13];
        withBos[0] = model.tokenizer().bos();
        System.arraycopy(result.generatedTokens(), 0, withBos, 1, 12);
        assertThat(result.text()).isEqualTo(model.tokenizer().decode(withBos));
    }

    @Test
    void endsBeforeAStopStringAndLeavesItOut() {
        Generator generator = new Generator(model);
        String full = generator.generate(bosOnly(), SamplingParams.greedy().withMaxTokens(30), 64, GenerationListener.NONE).text();
        String stop = full.substring(full.length() / 2, full.length() / 2 + 3);
        GenerationResult stopped = generator.generate(bosOnly(), SamplingParams.greedy().withMaxTokens(30).withStop(List.of(stop)), 64,
                GenerationListener.NONE);
        assertThat(stopped.stopReason()).isEqualTo(StopReason.STOP_STRING);
        assertThat(stopped.text()).isEqualTo(full.substring(0, full.indexOf(stop)));
    }

    @Test
    void stopsWhenTheContextIsFull() {
        GenerationResult result = new Generator(model).generate(bosOnly(), SamplingParams.greedy().withMaxTokens(-1), 8,
                GenerationListener.NONE);
        assertThat(result.stopReason()).isEqualTo(StopReason.CONTEXT_FULL);
        // positions 1..7 hold generated tokens; the 8th sampled token needs no position of its own
        assertThat(result.generatedTokens()).hasSize(8);
    }

    @Test
    void stopsAtEndOfSequenceAndShowsNoTextForIt() {
        // A hot random model reaches </s> sooner or later; the seed makes it the same run every time.
        SamplingParams hot = SamplingParams.defaults().withTemperature(3f).withTopK(0).withTopP(1f).withMinP(0).withMaxTokens(-1).withSeed(3);
        GenerationResult result = new Generator(model).generate(bosOnly(), hot, 128, GenerationListener.NONE);
        assertThat(result.stopReason()).isEqualTo(StopReason.EOS);
        int[] tokens = result.generatedTokens();
        assertThat(tokens[tokens.length - 1]).isEqualTo(model.tokenizer().eos());
        assertThat(Arrays.stream(tokens).filter(t -> t == model.tokenizer().eos()).count()).isOne();
    }

    @Test
    void honoursCancellation() {
        GenerationResult result = new Generator(model).generate(bosOnly(), SamplingParams.greedy(), 64, new GenerationListener() {
            int texts;

            @Override
            public void onText(String text) {
                texts++;
            }

            @Override
            public boolean cancelled() {
                return texts >= 2;
            }
        });
        assertThat(result.stopReason()).isEqualTo(StopReason.CANCELLED);
        assertThat(result.generatedTokens().length).isLessThan(SamplingParams.greedy().maxTokens());
    }

    @Test
    void aFollowUpPromptReusesTheCachedPrefixAndGivesWhatAFreshRunGives() {
        Generator chat = new Generator(model);
        SamplingParams params = SamplingParams.greedy().withMaxTokens(6);
        GenerationResult first = chat.generate(bosOnly(), params, 64, GenerationListener.NONE);
        assertThat(first.reusedPromptTokens()).isZero();

        // next turn: the conversation so far plus two new tokens
        int[] followUp = new int[1 + first.generatedTokens().length + 2];
        followUp[0] = model.tokenizer().bos();
        System.arraycopy(first.generatedTokens(), 0, followUp, 1, first.generatedTokens().length);
        followUp[followUp.length - 2] = 10;
        followUp[followUp.length - 1] = 11;
        GenerationResult reusing = chat.generate(followUp, params, 64, GenerationListener.NONE);
        GenerationResult fresh = new Generator(model).generate(followUp, params, 64, GenerationListener.NONE);

        // the last generated token of the first call was sampled but never fed, so it is fed now
        assertThat(reusing.reusedPromptTokens()).isEqualTo(1 + first.generatedTokens().length - 1);
        assertThat(reusing.generatedTokens()).containsExactly(fresh.generatedTokens());
        assertThat(reusing.text()).isEqualTo(fresh.text());

        // a prompt that departs early reuses only the common start
        GenerationResult other = chat.generate(new int[] {model.tokenizer().bos(), 12, 13}, params, 64, GenerationListener.NONE);
        assertThat(other.reusedPromptTokens()).isEqualTo(followUp[1] == 12 ? 2 : 1);
        assertThat(other.generatedTokens()).containsExactly(new Generator(model)
                .generate(new int[] {model.tokenizer().bos(), 12, 13}, params, 64, GenerationListener.NONE).generatedTokens());
    }

    @Test
    void rejectsAnEmptyPromptAndAPromptLongerThanTheContext() {
        Generator generator = new Generator(model);
        assertThatThrownBy(() -> generator.generate(new int[0], SamplingParams.greedy(), 64, GenerationListener.NONE))
                .hasMessageContaining("prompt is empty");
        assertThatThrownBy(() -> generator.generate(new int[10], SamplingParams.greedy(), 8, GenerationListener.NONE))
                .hasMessageContaining("10 tokens but the context holds 8");
    }

    @Test
    void reproducesLlama2cGreedyStoryOnStories260K() throws IOException {
        Path file = Fixtures.require("models/stories260K.gguf");
        JsonNode expected = new ObjectMapper().readTree(Files.readString(Fixtures.require("models/stories260K.expected.json")));
        try (Model stories = Model.load(file)) {
            GenerationResult result = new Generator(stories).generate(new int[] {stories.tokenizer().bos()},
                    SamplingParams.greedy().withMaxTokens(200), 256, GenerationListener.NONE);
            assertThat(result.generatedTokens()).hasSize(200);
            assertThat(result.text()).startsWith(" ");
            assertThat(result.text().substring(1)).isEqualTo(expected.get("text").asString());
        }
    }
}
