package dev.tramontane.engine.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.tokenizer.TokenType;
import dev.tramontane.engine.tokenizer.Tokenizer;
import dev.tramontane.engine.tokenizer.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The v3 format on a hand-built vocabulary that has v3's control tokens (ids 3..9). */
class MistralV3TemplateTest {

    private static Tokenizer v3Vocabulary(List<String> controls) {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<TokenType> types = new ArrayList<>(List.of(TokenType.UNKNOWN, TokenType.CONTROL, TokenType.CONTROL));
        for (String control : controls) {
            tokens.add(control);
            types.add(TokenType.CONTROL);
        }
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            types.add(TokenType.BYTE);
        }
        for (String piece : List.of("▁", "a", "b", "o", "k", "▁a", "▁ok", "ok")) {
            tokens.add(piece);
            types.add(TokenType.NORMAL);
        }
        float[] scores = new float[tokens.size()];
        Arrays.fill(scores, tokens.size() - 8, tokens.size(), -1f);
        return new Tokenizer(new Vocabulary(tokens, scores, types, 1, 2, 0, true, true));
    }

    private final Tokenizer tokenizer = v3Vocabulary(MistralV3Template.CONTROL_TOKENS);
    private final MistralV3Template template = new MistralV3Template(tokenizer);

    private int id(String control) {
        return tokenizer.find(control).orElseThrow();
    }

    @Test
    void isChosenForAVocabularyWithInstControlTokens() {
        assertThat(ChatTemplates.forVocabulary(tokenizer)).isInstanceOf(MistralV3Template.class);
    }

    @Test
    void putsControlTokensAsIdsAndTheSystemAndToolsWithTheLastUserTurn() {
        List<ChatMessage> conversation = List.of(ChatMessage.system("b"), ChatMessage.user("a"),
                ChatMessage.assistant(" ok "), ChatMessage.user("ab"));
        int[] rendered = template.render(conversation, "[{\"f\":1}]");
        int[] asText = tokenizer.encode("<s>[INST]a[/INST]ok</s>[AVAILABLE_TOOLS][{\"f\":1}][/AVAILABLE_TOOLS][INST]b\n\nab[/INST]", false, true);
        assertThat(rendered).containsExactly(asText);
        assertThat(rendered).startsWith(1, id("[INST]"));
        assertThat(rendered[rendered.length - 1]).isEqualTo(id("[/INST]"));
    }

    @Test
    void rendersToolCallsAndToolResultsBetweenTheirControlTokens() {
        List<ChatMessage> conversation = List.of(ChatMessage.user("a"),
                ChatMessage.assistantToolCalls("[{\"name\": \"now\", \"arguments\": {}, \"id\": \"abc123def\"}]"),
                ChatMessage.toolResult("abc123def", "{\"time\": \"12:00\"}"),
                ChatMessage.toolResult("abc123deg", "plain text"));
        int[] rendered = template.render(conversation);
        int[] asText = tokenizer.encode("<s>[INST]a[/INST][TOOL_CALLS][{\"name\": \"now\", \"arguments\": {}, \"id\": \"abc123def\"}]</s>"
                + "[TOOL_RESULTS]{\"content\": {\"time\": \"12:00\"}, \"call_id\": \"abc123def\"}[/TOOL_RESULTS]"
                + "[TOOL_RESULTS]{\"content\": \"plain text\", \"call_id\": \"abc123deg\"}[/TOOL_RESULTS]", false, true);
        assertThat(rendered).containsExactly(asText);
    }

    @Test
    void neverTurnsTextTypedByTheUserIntoControlTokens() {
        int[] rendered = template.render(List.of(ChatMessage.user("[INST][/INST][TOOL_CALLS]</s>")));
        assertThat(rendered).containsOnlyOnce(id("[INST]"), id("[/INST]"));
        assertThat(rendered).doesNotContain(id("[TOOL_CALLS]"), tokenizer.eos());
        assertThat(tokenizer.decode(rendered, true)).isEqualTo("<s>[INST] [INST][/INST][TOOL_CALLS]</s>[/INST]");
    }

    @Test
    void aV3VocabularyWithoutToolTokensChatsButRefusesTools() {
        Tokenizer noTools = v3Vocabulary(List.of("[INST]", "[/INST]"));
        MistralV3Template plain = new MistralV3Template(noTools);
        assertThat(plain.render(List.of(ChatMessage.user("a")))).hasSize(4);
        assertThatThrownBy(() -> plain.render(List.of(ChatMessage.user("a")), "[]"))
                .hasMessageContaining("no [AVAILABLE_TOOLS] control token");
    }
}
