package dev.tramontane.webapp.api;

import dev.tramontane.webapp.chat.ChatMessage;
import dev.tramontane.webapp.chat.Conversation;
import dev.tramontane.webapp.chat.ConversationRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The UI's stored conversations, read-only plus delete: list (or search titles and text), one with its messages. */
@RestController
@RequestMapping("/api/conversations")
@Tag(name = "Conversations", description = "Conversations held by the chat UI")
class ConversationsApiController {

    /** A conversation with its messages (citations and tool calls included). */
    record ConversationWithMessages(Conversation conversation, List<ChatMessage> messages) {}

    private final ConversationRepository conversations;

    ConversationsApiController(ConversationRepository conversations) {
        this.conversations = conversations;
    }

    @Operation(summary = "List conversations, newest first; q searches them")
    @GetMapping
    List<Conversation> list(@RequestParam(name = "q", required = false) String q) {
        return q == null || q.isBlank() ? conversations.findAll() : conversations.search(q);
    }

    @Operation(summary = "One conversation with its messages")
    @GetMapping("/{id}")
    ConversationWithMessages get(@PathVariable String id) {
        Conversation c = conversations.find(id).orElseThrow(() -> unknown(id));
        return new ConversationWithMessages(c, conversations.messages(id));
    }

    @Operation(summary = "Delete a conversation and its messages")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        if (!conversations.delete(id)) {
            throw unknown(id);
        }
        return ResponseEntity.noContent().build();
    }

    private static ApiException unknown(String id) {
        return ApiException.notFound("conversation_not_found", "id", "no conversation with id '" + id + "'; GET /api/conversations lists them");
    }
}
