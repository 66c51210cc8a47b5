package dev.tramontane.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.webapp.chat.Conversation;
import dev.tramontane.webapp.chat.ConversationRepository;
import dev.tramontane.webapp.tools.ToolService;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET/PUT/DELETE /api/conversations/{id}/tools}: a conversation's tool switches, kept with it, behind the API key. */
class ConversationToolsApiTest extends RunningApp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ConversationRepository conversations;

    @Autowired
    ToolService tools;

    private HttpResponse<String> put(String path, String json, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return send(b.build());
    }

    @Test
    void aNewConversationShowsTheDefaultsAndAPutSwitchesItsToolsForItsNextTurns() {
        Conversation c = conversations.create("Sums");
        JsonNode before = JSON.readTree(get("/api/conversations/" + c.id() + "/tools").body());
        assertThat(before.path("custom").asBoolean()).isFalse();
        assertThat(before.path("toolChoice").asString()).isEqualTo("auto");
        assertThat(before.path("tools").findValuesAsString("name")).contains("calculator", "convert_units", "current_datetime", "search_documents");
        assertThat(before.path("tools").values()).allSatisfy(t -> {
            assertThat(t.path("enabled").asBoolean()).isTrue();
            assertThat(t.path("description").asString()).isNotBlank();
        });

        HttpResponse<String> r = put("/api/conversations/" + c.id() + "/tools", """
                {"enabled": ["calculator"], "toolChoice": "required"}""", KEY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode after = JSON.readTree(get("/api/conversations/" + c.id() + "/tools").body());
        assertThat(after.path("custom").asBoolean()).isTrue();
        assertThat(after.path("toolChoice").asString()).isEqualTo("required");
        assertThat(after.path("enabled").values()).extracting(JsonNode::asString).containsExactly("calculator");
        // What the next chat turn of this conversation gets:
        assertThat(tools.forConversation(c.id()).names()).containsExactly("calculator");
        assertThat(tools.toolChoice(c.id())).isEqualTo("required");

        HttpResponse<String> reset = send(HttpRequest.newBuilder(URI.create(base() + "/api/conversations/" + c.id() + "/tools"))
                .header("Authorization", "Bearer " + KEY).DELETE().build());
        assertThat(JSON.readTree(reset.body()).path("custom").asBoolean()).isFalse();
        assertThat(tools.toolChoice(c.id())).isEqualTo("auto");
    }

    @Test
    void unknownToolsImpossibleChoicesUnknownConversationsAndMissingKeysAreRefused() {
        Conversation c = conversations.create("Refusals");
        String path = "/api/conversations/" + c.id() + "/tools";

        HttpResponse<String> unknown = put(path, "{\"enabled\": [\"calculator\", \"rm_rf\"]}", KEY);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).at("/error/message").asString()).contains("rm_rf").contains("calculator");

        HttpResponse<String> notEnabled = put(path, "{\"enabled\": [\"calculator\"], \"toolChoice\": \"convert_units\"}", KEY);
        assertThat(notEnabled.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notEnabled.body()).at("/error/param").asString()).isEqualTo("toolChoice");

        HttpResponse<String> requiredWithNothing = put(path, "{\"enabled\": [], \"toolChoice\": \"required\"}", KEY);
        assertThat(requiredWithNothing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(requiredWithNothing.body()).at("/error/message").asString()).contains("at least one enabled tool");

        assertThat(put("/api/conversations/no-such-id/tools", "{\"enabled\": []}", KEY).statusCode()).isEqualTo(404);
        assertThat(put(path, "{\"enabled\": []}", null).statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(get(path).body()).path("custom").asBoolean()).as("nothing was saved by the refused requests").isFalse();
    }
}
