package dev.tramontane.webapp.tools;

import dev.tramontane.webapp.chat.Conversation;
import dev.tramontane.webapp.chat.ConversationRepository;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The chat page's Tools panel saves here (the browser session and its CSRF token, like the rest of
 * the UI; programs use {@code /api/conversations/{id}/tools} with an API key). A panel changed
 * before the first question creates the conversation with its tools, so that first turn uses them.
 */
@RestController
class ChatToolsController {

    /** The panel's state: the tools switched on and the tool choice. */
    record ToolSwitches(List<String> enabled, String toolChoice) {}

    /** A conversation to create with its tools, titled like any conversation by its first question. */
    record NewConversation(String title, List<String> enabled, String toolChoice) {}

    private final ConversationRepository conversations;
    private final ToolService tools;

    ChatToolsController(ConversationRepository conversations, ToolService tools) {
        this.conversations = conversations;
        this.tools = tools;
    }

    @PutMapping("/chat/{id}/tools")
    ConversationToolsView save(@PathVariable String id, @RequestBody ToolSwitches body) {
        conversations.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no conversation " + id));
        tools.configure(id, body.enabled(), body.toolChoice());
        return tools.view(id);
    }

    @PostMapping("/chat/conversations")
    Map<String, String> create(@RequestBody NewConversation body) {
        Conversation created = conversations.create(body.title());
        try {
            tools.configure(created.id(), body.enabled(), body.toolChoice());
        } catch (RuntimeException e) {
            conversations.delete(created.id());
            throw e;
        }
        return Map.of("conversationId", created.id());
    }

    /** Unknown tool names and impossible choices: the panel shows the reason. */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> refused(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
}
