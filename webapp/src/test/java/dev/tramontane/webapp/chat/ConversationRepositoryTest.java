package dev.tramontane.webapp.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conversation store on a real H2 file database, as the app uses it. */
class ConversationRepositoryTest {

    @TempDir
    Path dir;

    private ConversationRepository open() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dir.resolve("db/tramontane").toAbsolutePath());
        dataSource.setUser("sa");
        return new ConversationRepository(dataSource);
    }

    @Test
    void messagesKeepTheirOrderCitationsAndToolCallsAcrossAReopenedDatabase() {
        ConversationRepository repository = open();
        Conversation c = repository.create("  Where   is the keeper?  ");
        assertThat(c.title()).isEqualTo("Where is the keeper?");
        repository.append(c.id(), ChatRole.USER, "Where is the keeper?", AnswerKind.QUESTION, List.of(), List.of());
        Citation citation = new Citation(1, "doc-1", "Survey", "survey.pdf", 3, "the <mark>keeper</mark> &amp; tower", "The keeper & tower");
        ToolCallRecord call = new ToolCallRecord("abc123XYZ", "search_documents", "{\"query\":\"keeper\"}", "[]", false);
        repository.append(c.id(), ChatRole.ASSISTANT, "In the tower [1].", AnswerKind.GENERATED, List.of(citation), List.of(call));

        ConversationRepository reopened = open();
        List<ChatMessage> messages = reopened.messages(c.id());
        assertThat(messages).extracting(ChatMessage::role).containsExactly(ChatRole.USER, ChatRole.ASSISTANT);
        assertThat(messages.get(1).citations()).containsExactly(citation);
        assertThat(messages.get(1).toolCalls()).containsExactly(call);
        assertThat(messages.get(1).kind()).isEqualTo(AnswerKind.GENERATED);
        assertThat(reopened.find(c.id())).contains(reopened.findAll().getFirst());
    }

    @Test
    void searchFindsTitlesAndMessageTextCaseInsensitivelyAndTreatsWildcardsLiterally() {
        ConversationRepository repository = open();
        Conversation tides = repository.create("Tides");
        repository.append(tides.id(), ChatRole.USER, "When is the SPRING tide?", AnswerKind.QUESTION, List.of(), List.of());
        Conversation budget = repository.create("Budget 100% spent");
        Conversation other = repository.create("Other");

        assertThat(repository.search("spring")).extracting(Conversation::id).containsExactly(tides.id());
        assertThat(repository.search("tides")).extracting(Conversation::id).containsExactly(tides.id());
        assertThat(repository.search("100%")).extracting(Conversation::id).containsExactly(budget.id());
        assertThat(repository.search("%")).extracting(Conversation::id).containsExactly(budget.id());
        assertThat(repository.search("_")).isEmpty();
        assertThat(repository.search(" ")).extracting(Conversation::id).contains(tides.id(), budget.id(), other.id());
    }

    @Test
    void theMostRecentlyActiveConversationComesFirst() throws InterruptedException {
        ConversationRepository repository = open();
        Conversation first = repository.create("first");
        Thread.sleep(5);
        Conversation second = repository.create("second");
        Thread.sleep(5);
        repository.append(first.id(), ChatRole.USER, "again", AnswerKind.QUESTION, List.of(), List.of());
        assertThat(repository.findAll()).extracting(Conversation::id).containsExactly(first.id(), second.id());
    }

    @Test
    void renameAndDeleteRemoveNothingElse() {
        ConversationRepository repository = open();
        Conversation keep = repository.create("keep");
        Conversation drop = repository.create("drop");
        repository.append(keep.id(), ChatRole.USER, "q1", AnswerKind.QUESTION, List.of(), List.of());
        repository.append(drop.id(), ChatRole.USER, "q2", AnswerKind.QUESTION, List.of(), List.of());

        assertThat(repository.rename(keep.id(), "kept")).isTrue();
        assertThat(repository.rename("no-such-id", "x")).isFalse();
        assertThat(repository.delete(drop.id())).isTrue();

        assertThat(repository.findAll()).extracting(Conversation::title).containsExactly("kept");
        assertThat(repository.messages(drop.id())).isEmpty();
        assertThat(repository.messages(keep.id())).hasSize(1);
    }

    @Test
    void regeneratingDropsOnlyTheAnswersAfterTheLastQuestion() {
        ConversationRepository repository = open();
        Conversation c = repository.create("c");
        repository.append(c.id(), ChatRole.USER, "q1", AnswerKind.QUESTION, List.of(), List.of());
        repository.append(c.id(), ChatRole.ASSISTANT, "a1", AnswerKind.GENERATED, List.of(), List.of());
        ChatMessage q2 = repository.append(c.id(), ChatRole.USER, "q2", AnswerKind.QUESTION, List.of(), List.of());
        repository.append(c.id(), ChatRole.ASSISTANT, "a2", AnswerKind.STOPPED, List.of(), List.of());

        assertThat(repository.dropAnswersAfterLastQuestion(c.id())).map(ChatMessage::id).contains(q2.id());
        assertThat(repository.messages(c.id())).extracting(ChatMessage::content).containsExactly("q1", "a1", "q2");
    }

    @Test
    void longTitlesAreCutAndBlankOnesGetAPlaceholder() {
        assertThat(ConversationRepository.cleanTitle("x".repeat(500))).hasSize(ConversationRepository.MAX_TITLE).endsWith("…");
        assertThat(ConversationRepository.cleanTitle("   ")).isEqualTo("…");
    }
}
