package dev.tramontane.webapp.api;

import dev.tramontane.tools.registry.UnknownToolException;
import dev.tramontane.webapp.chat.ChatMessage;
import dev.tramontane.webapp.chat.Conversation;
import dev.tramontane.webapp.chat.ConversationRepository;
import dev.tramontane.webapp.tools.ConversationToolsView;
import dev.tramontane.webapp.tools.ToolService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The UI's stored conversations: list (or search titles and text), one with its messages, delete;
 * and each conversation's tool switches (which tools the model is offered, and the tool choice).
 */
@RestController
@RequestMapping("/api/conversations")
@Tag(name = "Conversations", description = "Conversations held by the chat UI")
class ConversationsApiController {

    /** A conversation with its messages (citations and tool calls included). */
    record ConversationWithMessages(Conversation conversation, List<ChatMessage> messages) {}

    /**
     * The body of {@code PUT /api/conversations/{id}/tools}.
     *
     * @param enabled    the tools to offer (all others are off); an empty list turns every tool off
     * @param toolChoice {@code auto} (default), {@code required}, {@code none} or one enabled tool's name
     */
    record ToolSwitches(List<String> enabled, String toolChoice) {}

    private final ConversationRepository conversations;
    private final ToolService tools;

    ConversationsApiController(ConversationRepository conversations, ToolService tools) {
        this.conversations = conversations;
        this.tools = tools;
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

    @Operation(summary = "The conversation's tools: every tool, whether it is on here, and the tool choice")
    @GetMapping("/{id}/tools")
    ConversationToolsView tools(@PathVariable String id) {
        conversations.find(id).orElseThrow(() -> unknown(id));
        return tools.view(id);
    }

    @Operation(summary = "Switch the conversation's tools and set its tool choice (kept in the database)")
    @PutMapping("/{id}/tools")
    ConversationToolsView setTools(@PathVariable String id, @RequestBody ToolSwitches body) {
        conversations.find(id).orElseThrow(() -> unknown(id));
        if (body == null || body.enabled() == null) {
            throw ApiException.badRequest("enabled", "'enabled' is required: the list of tool names to offer (GET …/tools lists them)");
        }
        try {
            tools.configure(id, body.enabled(), body.toolChoice());
        } catch (UnknownToolException e) {
            throw ApiException.badRequest("enabled", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("toolChoice", e.getMessage());
        }
        return tools.view(id);
    }

    @Operation(summary = "Put the conversation's tools back to the application's defaults")
    @DeleteMapping("/{id}/tools")
    ConversationToolsView resetTools(@PathVariable String id) {
        conversations.find(id).orElseThrow(() -> unknown(id));
        tools.reset(id);
        return tools.view(id);
    }

    private static ApiException unknown(String id) {
        return ApiException.notFound("conversation_not_found", "id", "no conversation with id '" + id + "'; GET /api/conversations lists them");
    }
}
