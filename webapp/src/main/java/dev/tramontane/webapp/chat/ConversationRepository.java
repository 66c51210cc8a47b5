package dev.tramontane.webapp.chat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Conversations and their messages in the embedded database (H2 file under {@code <data>/db}); the
 * same SQL runs on PostgreSQL. Citations and tool calls are kept as JSON beside their message.
 */
@Repository
public class ConversationRepository {

    /** Titles are cut to this length; the full question stays in the first message. */
    public static final int MAX_TITLE = 200;

    private static final TypeReference<List<Citation>> CITATIONS = new TypeReference<>() {};
    private static final TypeReference<List<ToolCallRecord>> TOOL_CALLS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock;

    @Autowired
    public ConversationRepository(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    ConversationRepository(DataSource dataSource, Clock clock) {
        new ResourceDatabasePopulator(new ClassPathResource("db/chat-schema.sql")).execute(dataSource);
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
    }

    public Conversation create(String title) {
        String id = UUID.randomUUID().toString();
        long now = clock.millis();
        jdbc.sql("INSERT INTO conversation (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)")
                .params(id, cleanTitle(title), now, now).update();
        return new Conversation(id, cleanTitle(title), Instant.ofEpochMilli(now), Instant.ofEpochMilli(now));
    }

    public Optional<Conversation> find(String id) {
        return jdbc.sql("SELECT * FROM conversation WHERE id = ?").param(id).query(this::conversation).optional();
    }

    /** Every conversation, most recently active first. */
    public List<Conversation> findAll() {
        return jdbc.sql("SELECT * FROM conversation ORDER BY updated_at DESC, created_at DESC").query(this::conversation).list();
    }

    /** Conversations whose title or any message contains {@code text} (case-insensitive), most recent first. */
    public List<Conversation> search(String text) {
        if (text == null || text.isBlank()) {
            return findAll();
        }
        String pattern = "%" + text.strip().toLowerCase(java.util.Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("""
                SELECT * FROM conversation c
                WHERE LOWER(c.title) LIKE :p ESCAPE '\\'
                   OR EXISTS (SELECT 1 FROM chat_message m WHERE m.conversation_id = c.id AND LOWER(m.content) LIKE :p ESCAPE '\\')
                ORDER BY c.updated_at DESC, c.created_at DESC""")
                .param("p", pattern).query(this::conversation).list();
    }

    public boolean rename(String id, String title) {
        return jdbc.sql("UPDATE conversation SET title = ? WHERE id = ?").params(cleanTitle(title), id).update() == 1;
    }

    @Transactional
    public boolean delete(String id) {
        jdbc.sql("DELETE FROM chat_message WHERE conversation_id = ?").param(id).update();
        return jdbc.sql("DELETE FROM conversation WHERE id = ?").param(id).update() == 1;
    }

    /** The conversation's messages, oldest first. */
    public List<ChatMessage> messages(String conversationId) {
        return jdbc.sql("SELECT * FROM chat_message WHERE conversation_id = ? ORDER BY id").param(conversationId)
                .query(this::message).list();
    }

    public Optional<ChatMessage> message(String conversationId, long messageId) {
        return jdbc.sql("SELECT * FROM chat_message WHERE conversation_id = ? AND id = ?").params(conversationId, messageId)
                .query(this::message).optional();
    }

    /** Appends a message and marks the conversation as just active. */
    @Transactional
    public ChatMessage append(String conversationId, ChatRole role, String content, AnswerKind kind,
            List<Citation> citations, List<ToolCallRecord> toolCalls) {
        long now = clock.millis();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO chat_message (conversation_id, role, content, kind, citations, tool_calls, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(conversationId, role.name(), content, kind.name(), json.writeValueAsString(orEmpty(citations)),
                        json.writeValueAsString(orEmpty(toolCalls)), now)
                .update(key, "id");
        jdbc.sql("UPDATE conversation SET updated_at = ? WHERE id = ?").params(now, conversationId).update();
        return new ChatMessage(key.getKey().longValue(), conversationId, role, content, kind, citations, toolCalls,
                Instant.ofEpochMilli(now));
    }

    /** Removes the answers after the last question (before regenerating it); returns that question. */
    @Transactional
    public Optional<ChatMessage> dropAnswersAfterLastQuestion(String conversationId) {
        Optional<ChatMessage> question = jdbc.sql("""
                SELECT * FROM chat_message WHERE conversation_id = ? AND role = 'USER' ORDER BY id DESC LIMIT 1""")
                .param(conversationId).query(this::message).optional();
        question.ifPresent(q -> jdbc.sql("DELETE FROM chat_message WHERE conversation_id = ? AND id > ?")
                .params(conversationId, q.id()).update());
        return question;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    static String cleanTitle(String title) {
        String t = title == null ? "" : title.strip().replaceAll("\\s+", " ");
        if (t.isEmpty()) {
            t = "…";
        }
        return t.length() <= MAX_TITLE ? t : t.substring(0, MAX_TITLE - 1) + "…";
    }

    private Conversation conversation(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Conversation(rs.getString("id"), rs.getString("title"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    private ChatMessage message(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        String citations = rs.getString("citations");
        String tools = rs.getString("tool_calls");
        return new ChatMessage(rs.getLong("id"), rs.getString("conversation_id"), ChatRole.valueOf(rs.getString("role")),
                rs.getString("content"), AnswerKind.valueOf(rs.getString("kind")),
                citations == null ? List.of() : json.readValue(citations, CITATIONS),
                tools == null ? List.of() : json.readValue(tools, TOOL_CALLS),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
