package dev.tramontane.engine.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.chat.ChatMessage;
import dev.tramontane.engine.chat.ChatTemplate;
import dev.tramontane.engine.chat.ChatTemplates;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.serve.ChatPromptFitter.FittedPrompt;
import dev.tramontane.engine.serve.ChatPromptFitter.OverflowPolicy;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Context overflow at the chat level: an error naming the sizes, or whole oldest turns dropped with the system message kept. */
class ChatPromptFitterTest {

    static Model model;
    static ChatTemplate template;

    @BeforeAll
    static void load() {
        model = TestModels.stories();
        template = ChatTemplates.forVocabulary(model.tokenizer());
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    private static final List<ChatMessage> CONVERSATION = List.of(
            ChatMessage.system("You tell short stories."),
            ChatMessage.user("Tell me about a cat who liked to play in the garden every day."),
            ChatMessage.assistant("The cat played with a ball and was very happy in the sun."),
            ChatMessage.user("And the dog?"),
            ChatMessage.assistant("The dog ran after the ball."),
            ChatMessage.user("What happened next?"));

    @Test
    void aConversationThatFitsIsRenderedWhole() {
        int full = template.render(CONVERSATION).length;
        FittedPrompt fitted = new ChatPromptFitter(template, full + 10, OverflowPolicy.ERROR).fit(CONVERSATION, null, 10);
        assertThat(fitted.tokens()).isEqualTo(template.render(CONVERSATION));
        assertThat(fitted.droppedMessages()).isZero();
    }

    @Test
    void theErrorPolicyRefusesWithTheSizes() {
        int full = template.render(CONVERSATION).length;
        assertThatThrownBy(() -> new ChatPromptFitter(template, full + 9, OverflowPolicy.ERROR).fit(CONVERSATION, null, 10))
                .isInstanceOfSatisfying(ContextOverflowException.class, e -> {
                    assertThat(e.promptTokens()).isEqualTo(full);
                    assertThat(e.requestedTokens()).isEqualTo(10);
                    assertThat(e.contextLength()).isEqualTo(full + 9);
                });
    }

    @Test
    void dropOldestTurnsKeepsTheSystemMessageAndDropsWholeTurnsOldestFirst() {
        List<ChatMessage> withoutFirstTurn = List.of(CONVERSATION.get(0), CONVERSATION.get(3), CONVERSATION.get(4), CONVERSATION.get(5));
        int shorter = template.render(withoutFirstTurn).length;
        FittedPrompt fitted = new ChatPromptFitter(template, shorter + 10, OverflowPolicy.DROP_OLDEST_TURNS)
                .fit(CONVERSATION, null, 10);
        assertThat(fitted.droppedMessages()).isEqualTo(2);
        assertThat(fitted.messages()).isEqualTo(withoutFirstTurn);
        assertThat(fitted.tokens()).isEqualTo(template.render(withoutFirstTurn));
        assertThat(model.tokenizer().decode(fitted.tokens())).contains("You tell short stories.").doesNotContain("cat");
    }

    @Test
    void dropOldestTurnsRefusesWhenEvenTheLastTurnDoesNotFit() {
        List<ChatMessage> lastOnly = List.of(CONVERSATION.get(0), CONVERSATION.get(5));
        int minimal = template.render(lastOnly).length;
        assertThatThrownBy(() -> new ChatPromptFitter(template, minimal + 9, OverflowPolicy.DROP_OLDEST_TURNS)
                .fit(CONVERSATION, null, 10))
                .isInstanceOf(ContextOverflowException.class)
                .hasMessageContaining("after dropping 4 earlier messages");
    }
}
