package dev.tramontane.webapp.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;

class PromptComposerTest {

    private static ChatMessage message(long id, ChatRole role, String text, AnswerKind kind) {
        return new ChatMessage(id, "c", role, text, kind, List.of(), List.of(), Instant.EPOCH);
    }

    @Test
    void instructionsNumberTheSourcesWithTitleAndPageAndNameTheAnswerLanguage() {
        List<Citation> sources = List.of(
                new Citation(1, "d1", "Survey", "survey.pdf", 3, "", "The keeper is Aurelio."),
                new Citation(2, "d2", "", "notes.txt", 1, "", "Tugs leave at dawn."));
        String instructions = PromptComposer.instructions(sources, "fr");
        assertThat(instructions)
                .contains("[1] Survey, page 3:\nThe keeper is Aurelio.")
                .contains("[2] notes.txt, page 1:\nTugs leave at dawn.")
                .contains("Cite the sources you use as [1], [2]")
                .contains("Answer in French (français).");
    }

    @Test
    void withoutSourcesTheModelIsToldSo() {
        assertThat(PromptComposer.instructions(List.of(), "en")).contains("No passage of the user's documents matches");
    }

    @Test
    void historyKeepsOnlyAnsweredExchangesSoRolesAlternate() {
        List<ChatMessage> history = new ArrayList<>();
        history.add(message(1, ChatRole.USER, "q1", AnswerKind.QUESTION));
        history.add(message(2, ChatRole.ASSISTANT, "a1", AnswerKind.GENERATED));
        history.add(message(3, ChatRole.USER, "q2", AnswerKind.QUESTION));
        history.add(message(4, ChatRole.ASSISTANT, "quoted passages", AnswerKind.RETRIEVAL_ONLY));
        history.add(message(5, ChatRole.USER, "q3 never answered", AnswerKind.QUESTION));

        List<Message> prompt = PromptComposer.compose("q4", List.of(), history, "en");
        assertThat(prompt).extracting(Message::getMessageType)
                .containsExactly(MessageType.SYSTEM, MessageType.USER, MessageType.ASSISTANT, MessageType.USER);
        assertThat(prompt).extracting(Message::getText).endsWith("q1", "a1", "q4");
    }

    @Test
    void onlyTheLastExchangesAreKept() {
        List<ChatMessage> history = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            history.add(message(2L * i, ChatRole.USER, "q" + i, AnswerKind.QUESTION));
            history.add(message(2L * i + 1, ChatRole.ASSISTANT, "a" + i, AnswerKind.GENERATED));
        }
        List<Message> prompt = PromptComposer.compose("now", List.of(), history, "en");
        assertThat(prompt).hasSize(1 + 2 * PromptComposer.HISTORY_PAIRS + 1);
        assertThat(prompt.get(1).getText()).isEqualTo("q" + (10 - PromptComposer.HISTORY_PAIRS));
    }

    @Test
    void theAnswerLanguageIsTheQuestionsUnlessASettingSaysOtherwise() {
        ChatSettings auto = new ChatSettings("", 6, true, "auto", 0.7, 512);
        ChatSettings german = new ChatSettings("", 6, true, "de", 0.7, 512);
        assertThat(AnswerLanguage.choose(auto, "es")).isEqualTo("es");
        assertThat(AnswerLanguage.choose(auto, "und")).isEqualTo("en");
        assertThat(AnswerLanguage.choose(german, "es")).isEqualTo("de");
    }
}
