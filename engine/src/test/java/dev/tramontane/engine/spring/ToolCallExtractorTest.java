package dev.tramontane.engine.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.tokenizer.TokenType;
import dev.tramontane.engine.tokenizer.Tokenizer;
import dev.tramontane.engine.tokenizer.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Answers are split into text and calls: on the [TOOL_CALLS] token for v3 vocabularies, on the JSON for v1. */
class ToolCallExtractorTest {

    /** A byte-fallback vocabulary, with {@code [TOOL_CALLS]} as a control token when {@code v3}. */
    private static Tokenizer vocabulary(boolean v3) {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<TokenType> types = new ArrayList<>(List.of(TokenType.UNKNOWN, TokenType.CONTROL, TokenType.CONTROL));
        if (v3) {
            for (String control : List.of("[INST]", "[/INST]", "[TOOL_CALLS]")) {
                tokens.add(control);
                types.add(TokenType.CONTROL);
            }
        }
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            types.add(TokenType.BYTE);
        }
        tokens.add("▁");
        types.add(TokenType.NORMAL);
        float[] scores = new float[tokens.size()];
        return new Tokenizer(new Vocabulary(tokens, scores, types, 1, 2, 0, true, true));
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(IntStream::of).toArray();
    }

    private static final String CALL = "[{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Lyon\"}}]";

    @Test
    void v3SplitsOnTheToolCallsToken() {
        Tokenizer tokenizer = vocabulary(true);
        ToolCallExtractor extractor = new ToolCallExtractor(tokenizer);
        int marker = tokenizer.find("[TOOL_CALLS]").orElseThrow();
        assertThat(extractor.toolCallsToken()).isEqualTo(marker);
        int[] tokens = concat(tokenizer.encode("Let me look.", false, false), new int[] {marker}, tokenizer.encode(CALL, false, false));
        String text = tokenizer.decode(tokens);

        ToolCallExtractor.Extracted e = extractor.extract(tokens, text);
        assertThat(e.content()).isEqualTo("Let me look.");
        assertThat(e.calls()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("get_weather");
            assertThat(c.argumentsJson()).isEqualTo("{\"city\":\"Lyon\"}");
        });
    }

    @Test
    void v3WithoutTheTokenIsJustText() {
        Tokenizer tokenizer = vocabulary(true);
        int[] tokens = tokenizer.encode("It is sunny.", false, false);
        assertThat(new ToolCallExtractor(tokenizer).extract(tokens, "It is sunny."))
                .isEqualTo(new ToolCallExtractor.Extracted("It is sunny.", List.of()));
    }

    @Test
    void v1ReadsAnAnswerThatIsTheJsonListAsACall() {
        Tokenizer tokenizer = vocabulary(false);
        ToolCallExtractor extractor = new ToolCallExtractor(tokenizer);
        assertThat(extractor.toolCallsToken()).isEqualTo(-1);
        ToolCallExtractor.Extracted e = extractor.extract(tokenizer.encode(CALL, false, false), " " + CALL);
        assertThat(e.content()).isEmpty();
        assertThat(e.calls()).extracting(ParsedToolCall::name).containsExactly("get_weather");
        assertThat(extractor.extract(new int[0], "Sunny, 21 °C.").calls()).isEmpty();
    }
}
