package dev.tramontane.webapp.tools;

import dev.tramontane.webapp.chat.ConversationRepository;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each conversation's tool switches in the embedded database, beside the conversation (deleted
 * with it). A conversation without a row uses the application's defaults.
 */
@Repository
public class ConversationToolsRepository {

    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock = Clock.systemUTC();

    public ConversationToolsRepository(DataSource dataSource, ConversationRepository schemaOwner) {
        // schemaOwner: constructed first, it has created the conversation table this one refers to.
        new ResourceDatabasePopulator(new ClassPathResource("db/tools-schema.sql")).execute(dataSource);
        this.jdbc = JdbcClient.create(dataSource);
    }

    public Optional<ConversationToolSettings> find(String conversationId) {
        return jdbc.sql("SELECT enabled_tools, tool_choice FROM conversation_tools WHERE conversation_id = ?").param(conversationId)
                .query((rs, i) -> new ConversationToolSettings(json.readValue(rs.getString(1), NAMES), rs.getString(2))).optional();
    }

    @Transactional
    public void save(String conversationId, ConversationToolSettings settings) {
        String names = json.writeValueAsString(settings.enabled());
        long now = clock.millis();
        if (jdbc.sql("UPDATE conversation_tools SET enabled_tools = ?, tool_choice = ?, updated_at = ? WHERE conversation_id = ?")
                .params(names, settings.toolChoice(), now, conversationId).update() == 0) {
            jdbc.sql("INSERT INTO conversation_tools (conversation_id, enabled_tools, tool_choice, updated_at) VALUES (?, ?, ?, ?)")
                    .params(conversationId, names, settings.toolChoice(), now).update();
        }
    }

    /** Back to the defaults; true when the conversation had its own settings. */
    public boolean delete(String conversationId) {
        return jdbc.sql("DELETE FROM conversation_tools WHERE conversation_id = ?").param(conversationId).update() == 1;
    }
}
