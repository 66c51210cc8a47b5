package dev.tramontane.webapp.web;

import dev.tramontane.webapp.chat.ChatMessage;
import dev.tramontane.webapp.chat.ChatTurn;
import dev.tramontane.webapp.chat.ChatTurnService;
import dev.tramontane.webapp.chat.Conversation;
import dev.tramontane.webapp.chat.ConversationRepository;
import dev.tramontane.webapp.chat.TurnEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chat page: conversation list, messages with their sources and tool calls, and the endpoints
 * its script uses to start a turn, follow it over server-sent events and stop it.
 */
@Controller
class ChatPageController {

    /** An answer that takes longer than this is cut off from the browser (the turn itself goes on). */
    static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

    private final ConversationRepository conversations;
    private final ChatTurnService turns;
    private final ChatViews views;
    private final JsonMapper json = JsonMapper.builder().build();

    ChatPageController(ConversationRepository conversations, ChatTurnService turns, ChatViews views) {
        this.conversations = conversations;
        this.turns = turns;
        this.views = views;
    }

    @GetMapping({"/", "/chat"})
    String newConversation(@RequestParam(required = false) String q, Model model) {
        return page(null, q, model);
    }

    @GetMapping("/chat/{id}")
    String conversation(@PathVariable String id, @RequestParam(required = false) String q, Model model) {
        Conversation conversation = conversations.find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no conversation " + id));
        model.addAttribute("conversation", conversation);
        model.addAttribute("messages", views.messages(conversations.messages(id)));
        return page(id, q, model);
    }

    private String page(String activeId, String q, Model model) {
        List<Conversation> listed = q == null || q.isBlank() ? conversations.findAll() : conversations.search(q);
        model.addAttribute("conversations", views.conversations(listed, activeId));
        model.addAttribute("query", q == null ? "" : q);
        model.addAttribute("activeId", activeId);
        if (!model.containsAttribute("messages")) {
            model.addAttribute("messages", List.of());
        }
        return "chat";
    }

    @GetMapping("/chat/sidebar")
    String sidebar(@RequestParam(required = false) String current, Model model) {
        model.addAttribute("conversations", views.conversations(conversations.findAll(), current));
        return "chat :: conversation-list";
    }

    @GetMapping("/chat/{id}/messages/{messageId}")
    String message(@PathVariable String id, @PathVariable long messageId, Model model) {
        ChatMessage message = conversations.message(id, messageId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no message " + messageId + " in " + id));
        List<ChatMessage> all = conversations.messages(id);
        model.addAttribute("m", views.message(message, all.getLast().id() == messageId));
        model.addAttribute("activeId", id);
        return "chat :: message";
    }

    @PostMapping("/chat/{id}/rename")
    String rename(@PathVariable String id, @RequestParam String title) {
        if (!title.isBlank()) {
            conversations.rename(id, title);
        }
        return "redirect:/chat/" + id;
    }

    @PostMapping("/chat/{id}/delete")
    String delete(@PathVariable String id) {
        conversations.delete(id);
        return "redirect:/";
    }

    /** Starts answering {@code question}; the browser then follows {@code /chat/turns/{turnId}/events}. */
    @PostMapping("/chat/turns")
    @ResponseBody
    Map<String, String> ask(@RequestParam(required = false) String conversationId, @RequestParam String question, Locale locale) {
        ChatTurn turn = turns.ask(conversationId == null || conversationId.isBlank() ? null : conversationId, question,
                UiLanguages.normalize(locale));
        return Map.of("turnId", turn.id(), "conversationId", turn.conversationId());
    }

    @PostMapping("/chat/{id}/regenerate")
    @ResponseBody
    Map<String, String> regenerate(@PathVariable String id, Locale locale) {
        ChatTurn turn = turns.regenerate(id, UiLanguages.normalize(locale));
        return Map.of("turnId", turn.id(), "conversationId", turn.conversationId());
    }

    @PostMapping("/chat/turns/{turnId}/stop")
    ResponseEntity<Void> stop(@PathVariable String turnId) {
        turns.turn(turnId).ifPresent(ChatTurn::stop);
        return ResponseEntity.noContent().build();
    }

    /** The turn's events: {@code sources}, {@code token}, {@code tool}, then {@code done}. */
    @GetMapping(path = "/chat/turns/{turnId}/events", produces = "text/event-stream")
    SseEmitter events(@PathVariable String turnId) {
        ChatTurn turn = turns.turn(turnId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no chat turn " + turnId));
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        Consumer<TurnEvent> forward = event -> send(emitter, event);
        emitter.onCompletion(() -> turn.unsubscribe(forward));
        emitter.onTimeout(() -> turn.unsubscribe(forward));
        emitter.onError(e -> turn.unsubscribe(forward));
        turn.subscribe(forward);
        return emitter;
    }

    private void send(SseEmitter emitter, TurnEvent event) {
        try {
            switch (event) {
                case TurnEvent.Sources s -> emitter.send(SseEmitter.event().name("sources")
                        .data(json.writeValueAsString(Map.of("count", s.citations().size()))));
                case TurnEvent.Token t -> emitter.send(SseEmitter.event().name("token").data(json.writeValueAsString(t.text())));
                case TurnEvent.ToolCall c -> emitter.send(SseEmitter.event().name("tool").data(json.writeValueAsString(c.call())));
                case TurnEvent.Done d -> {
                    emitter.send(SseEmitter.event().name("done").data(json.writeValueAsString(Map.of(
                            "messageId", d.message().id(), "conversationId", d.message().conversationId()))));
                    emitter.complete();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the browser went away: the turn drops this subscriber
        }
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
}
