package dev.tramontane.webapp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.webapp.chat.Conversation;
import dev.tramontane.webapp.chat.ConversationRepository;
import java.nio.file.Path;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A conversation's tool switches on a real H2 file database, as the app keeps them. */
class ConversationToolsRepositoryTest {

    @TempDir
    Path dir;

    /** Opens the database the way the app does at start-up (both schemas run again, idempotently). */
    private ConversationToolsRepository open(ConversationRepository[] conversations) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dir.resolve("db/tramontane").toAbsolutePath());
        dataSource.setUser("sa");
        conversations[0] = new ConversationRepository(dataSource);
        return new ConversationToolsRepository(dataSource, conversations[0]);
    }

    @Test
    void savedSwitchesSurviveAReopenedDatabaseAndASecondSaveReplacesTheFirst() {
        ConversationRepository[] conversations = new ConversationRepository[1];
        ConversationToolsRepository tools = open(conversations);
        Conversation c = conversations[0].create("Sums");
        Conversation untouched = conversations[0].create("Defaults");
        tools.save(c.id(), new ConversationToolSettings(List.of("calculator", "convert_units"), "auto"));
        tools.save(c.id(), new ConversationToolSettings(List.of("calculator"), "required"));

        ConversationToolsRepository reopened = open(conversations);
        assertThat(reopened.find(c.id())).contains(new ConversationToolSettings(List.of("calculator"), "required"));
        assertThat(reopened.find(untouched.id())).isEmpty();
    }

    @Test
    void anEmptyListTurnsEveryToolOffAndIsNotTheSameAsNoSettings() {
        ConversationRepository[] conversations = new ConversationRepository[1];
        ConversationToolsRepository tools = open(conversations);
        Conversation c = conversations[0].create("Plain");
        tools.save(c.id(), new ConversationToolSettings(List.of(), "none"));

        assertThat(tools.find(c.id())).contains(new ConversationToolSettings(List.of(), "none"));
        assertThat(tools.delete(c.id())).isTrue();
        assertThat(tools.find(c.id())).isEmpty();
        assertThat(tools.delete(c.id())).isFalse();
    }

    @Test
    void deletingTheConversationDeletesItsSwitches() {
        ConversationRepository[] conversations = new ConversationRepository[1];
        ConversationToolsRepository tools = open(conversations);
        Conversation c = conversations[0].create("Gone soon");
        tools.save(c.id(), new ConversationToolSettings(List.of("calculator"), "calculator"));

        assertThat(conversations[0].delete(c.id())).isTrue();
        assertThat(tools.find(c.id())).isEmpty();
    }
}
