package dev.tramontane.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.webapp.chat.AnswerKind;
import dev.tramontane.webapp.chat.ChatRole;
import dev.tramontane.webapp.chat.Conversation;
import dev.tramontane.webapp.chat.ConversationRepository;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ConversationsApiTest extends RunningApp {

    @Autowired
    ConversationRepository repository;

    @Test
    void listsReadsAndDeletesTheUisConversations() {
        Conversation c = repository.create("Tides of Brittany");
        repository.append(c.id(), ChatRole.USER, "How high are the tides?", AnswerKind.values()[0], List.of(), List.of());
        JsonNode list = JsonMapper.builder().build().readTree(get("/api/conversations").body());
        assertThat(list.findValuesAsString("id")).contains(c.id());
        JsonNode one = JsonMapper.builder().build().readTree(get("/api/conversations/" + c.id()).body());
        assertThat(one.at("/conversation/title").asString()).isEqualTo("Tides of Brittany");
        assertThat(one.at("/messages/0/content").asString()).isEqualTo("How high are the tides?");
        assertThat(send(HttpRequest.newBuilder(URI.create(base() + "/api/conversations/" + c.id()))
                .header("Authorization", "Bearer " + KEY).DELETE().build()).statusCode()).isEqualTo(204);
        assertThat(get("/api/conversations/" + c.id()).statusCode()).isEqualTo(404);
    }
}
