package dev.tramontane.webapp.chat;

import dev.tramontane.webapp.config.RetrievalProperties;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The Settings page's choices, one row per setting in the embedded database; defaults from configuration. */
@Repository
public class ChatSettingsRepository {

    private final JdbcClient jdbc;
    private final ChatSettings defaults;

    public ChatSettingsRepository(DataSource dataSource, ConversationRepository schemaOwner, RetrievalProperties retrieval) {
        // schemaOwner: constructed first, it has created the ui_setting table.
        this.jdbc = JdbcClient.create(dataSource);
        this.defaults = new ChatSettings("", retrieval.topK(), true, ChatSettings.AUTO, 0.7, 512);
    }

    public ChatSettings defaults() {
        return defaults;
    }

    public ChatSettings load() {
        Map<String, String> rows = jdbc.sql("SELECT name, setting_value FROM ui_setting")
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return new ChatSettings(
                rows.getOrDefault("collection", defaults.collection()),
                intOr(rows.get("top_k"), defaults.topK()),
                rows.containsKey("hybrid") ? Boolean.parseBoolean(rows.get("hybrid")) : defaults.hybrid(),
                rows.getOrDefault("answer_language", defaults.answerLanguage()),
                doubleOr(rows.get("temperature"), defaults.temperature()),
                intOr(rows.get("max_tokens"), defaults.maxTokens()));
    }

    @Transactional
    public void save(ChatSettings s) {
        put("collection", s.collection());
        put("top_k", Integer.toString(s.topK()));
        put("hybrid", Boolean.toString(s.hybrid()));
        put("answer_language", s.answerLanguage());
        put("temperature", Double.toString(s.temperature()));
        put("max_tokens", Integer.toString(s.maxTokens()));
    }

    private void put(String name, String value) {
        if (jdbc.sql("UPDATE ui_setting SET setting_value = ? WHERE name = ?").params(value, name).update() == 0) {
            jdbc.sql("INSERT INTO ui_setting (name, setting_value) VALUES (?, ?)").params(name, value).update();
        }
    }

    private static int intOr(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static double doubleOr(String s, double fallback) {
        try {
            return s == null ? fallback : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
