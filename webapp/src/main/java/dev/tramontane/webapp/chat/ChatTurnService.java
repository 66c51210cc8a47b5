package dev.tramontane.webapp.chat;

import dev.tramontane.engine.spring.TramontaneChatModel;
import dev.tramontane.engine.spring.TramontaneChatOptions;
import dev.tramontane.rag.language.LanguageDetector;
import dev.tramontane.tools.loop.ToolCallOutcome;
import dev.tramontane.tools.loop.ToolCallingLoop;
import dev.tramontane.tools.loop.ToolLoopListener;
import dev.tramontane.tools.registry.ToolErrors;
import dev.tramontane.tools.registry.ToolRegistry;
import dev.tramontane.tools.registry.ToolSelection;
import dev.tramontane.tools.registry.ToolSet;
import dev.tramontane.webapp.ModelRuntime;
import dev.tramontane.webapp.ServedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

/**
 * The one place a chat turn of the browser UI is run, free of HTTP: the question is stored, its
 * language detected, sources retrieved under the user's settings, a prompt with numbered sources
 * streamed through the model (or, without a model, the best passages quoted), and the answer stored
 * with its sources and tool calls. Callers follow a turn through {@link ChatTurn#subscribe}.
 */
@Service
public class ChatTurnService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ChatTurnService.class);

    /** Finished turns kept for late subscribers; older ones are forgotten. */
    static final int KEPT_TURNS = 100;

    private final ConversationRepository conversations;
    private final ChatSettingsRepository settings;
    private final PassageRetriever retriever;
    private final LanguageDetector languageDetector;
    private final RetrievalOnlyAnswer retrievalOnly;
    private final ModelRuntime model;
    private final ObjectProvider<TurnTools> tools;
    private final MessageSource messages;
    private final Map<String, ChatTurn> turns = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public ChatTurnService(ConversationRepository conversations, ChatSettingsRepository settings, PassageRetriever retriever,
            LanguageDetector languageDetector, RetrievalOnlyAnswer retrievalOnly, ModelRuntime model,
            ObjectProvider<TurnTools> tools, MessageSource messages) {
        this.conversations = conversations;
        this.settings = settings;
        this.retriever = retriever;
        this.languageDetector = languageDetector;
        this.retrievalOnly = retrievalOnly;
        this.model = model;
        this.tools = tools;
        this.messages = messages;
    }

    /**
     * Stores {@code question} in the conversation (a new one, titled by the question, when
     * {@code conversationId} is null) and starts answering it in the background.
     *
     * @param uiLocale the language of the UI, for labels written into the answer
     */
    public ChatTurn ask(String conversationId, String question, Locale uiLocale) {
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("the question is empty; type a question first");
        }
        String id = conversationId != null ? requireConversation(conversationId) : conversations.create(question).id();
        List<ChatMessage> history = conversations.messages(id);
        conversations.append(id, ChatRole.USER, question.strip(), AnswerKind.QUESTION, List.of(), List.of());
        return start(id, question.strip(), history, uiLocale);
    }

    /** Drops the answer to the conversation's last question and answers it again. */
    public ChatTurn regenerate(String conversationId, Locale uiLocale) {
        requireConversation(conversationId);
        ChatMessage question = conversations.dropAnswersAfterLastQuestion(conversationId)
                .orElseThrow(() -> new IllegalArgumentException("conversation " + conversationId + " has no question to answer again"));
        List<ChatMessage> history = conversations.messages(conversationId).stream().filter(m -> m.id() < question.id()).toList();
        return start(conversationId, question.content(), history, uiLocale);
    }

    public Optional<ChatTurn> turn(String turnId) {
        return Optional.ofNullable(turns.get(turnId));
    }

    private String requireConversation(String conversationId) {
        return conversations.find(conversationId).map(Conversation::id)
                .orElseThrow(() -> new IllegalArgumentException("conversation " + conversationId + " does not exist"));
    }

    private ChatTurn start(String conversationId, String question, List<ChatMessage> history, Locale uiLocale) {
        forgetOldTurns();
        ChatTurn turn = new ChatTurn(UUID.randomUUID().toString(), conversationId);
        turns.put(turn.id(), turn);
        executor.execute(() -> run(turn, question, history, uiLocale));
        return turn;
    }

    private void run(ChatTurn turn, String question, List<ChatMessage> history, Locale uiLocale) {
        StringBuilder answer = new StringBuilder();
        List<Citation> sources = List.of();
        List<ToolCallRecord> calls = new ArrayList<>();
        try {
            ChatSettings s = settings.load();
            String language = AnswerLanguage.choose(s, languageDetector.detect(question));
            sources = retriever.find(question, s.collection(), s.topK(), s.hybrid());
            turn.publish(new TurnEvent.Sources(sources));
            // The lease keeps this turn's model open through all its tool rounds even if Settings loads another.
            try (ServedModel.Lease lease = model.lease()) {
                Optional<TramontaneChatModel> chat = lease.chatModel();
                if (chat.isEmpty()) {
                    for (String paragraph : retrievalOnly.paragraphs(sources, uiLocale)) {
                        answer.append(paragraph);
                        turn.publish(new TurnEvent.Token(paragraph));
                    }
                    finish(turn, answer.toString(), AnswerKind.RETRIEVAL_ONLY, sources, calls);
                    return;
                }
                generate(turn, chat.get(), PromptComposer.compose(question, sources, history, language), s, answer, calls);
            }
            finish(turn, answer.toString(), turn.stopRequested() ? AnswerKind.STOPPED : AnswerKind.GENERATED, sources, calls);
        } catch (RuntimeException e) {
            log.warn("chat turn {} failed: {}", turn.id(), e.toString());
            String reason = messages.getMessage("chat.failed", new Object[] {e.getMessage()}, uiLocale);
            finish(turn, answer.isEmpty() ? reason : answer + "\n\n" + reason, AnswerKind.FAILED, sources, calls);
        }
    }

    /**
     * Streams the answer through the application's one tool-calling loop: text pieces and tool
     * results reach the browser as they happen; Stop ends the loop (and the generation) early.
     */
    private void generate(ChatTurn turn, TramontaneChatModel chat, List<Message> prompt, ChatSettings s,
            StringBuilder answer, List<ToolCallRecord> calls) {
        Optional<TurnTools> offered = Optional.ofNullable(tools.getIfAvailable());
        ToolSet toolSet = offered.map(t -> t.forConversation(turn.conversationId())).orElseGet(ChatTurnService::noTools);
        ToolCallingLoop loop = new ToolCallingLoop(chat, offered.map(TurnTools::maxRounds).orElse(ToolCallingLoop.DEFAULT_MAX_ROUNDS));
        TramontaneChatOptions options = TramontaneChatOptions.builder().temperature(s.temperature()).maxTokens(s.maxTokens())
                .toolChoice(offered.map(t -> t.toolChoice(turn.conversationId())).orElse("auto")).build();
        loop.run(prompt, options, toolSet, new ToolLoopListener() {
            @Override
            public void onText(String piece) {
                synchronized (answer) {
                    answer.append(piece);
                }
                turn.publish(new TurnEvent.Token(piece));
            }

            @Override
            public void onToolCall(AssistantMessage.ToolCall call) {
                // Shown at once as "calling …"; the same call is reported again with its result.
                turn.publish(new TurnEvent.ToolCall(ToolCallRecord.running(call.id(), call.name(), call.arguments())));
            }

            @Override
            public void onToolResult(ToolCallOutcome outcome) {
                // Guarded tools answer {"error": …} instead of throwing; that is a failed call.
                ToolCallRecord record = new ToolCallRecord(outcome.id(), outcome.name(), outcome.arguments(), outcome.result(),
                        ToolErrors.isError(outcome.result()));
                calls.add(record);
                turn.publish(new TurnEvent.ToolCall(record));
            }

            @Override
            public boolean stopRequested() {
                return turn.stopRequested();
            }
        });
    }

    private static ToolSet noTools() {
        return ToolRegistry.builder().build().forTurn(ToolSelection.only(List.of()));
    }

    private void finish(ChatTurn turn, String text, AnswerKind kind, List<Citation> sources, List<ToolCallRecord> calls) {
        ChatMessage stored = conversations.append(turn.conversationId(), ChatRole.ASSISTANT, text, kind, sources, calls);
        log.info("chat turn {} ended: {}, {} characters, {} sources, {} tool calls", turn.id(), kind, text.length(),
                sources.size(), calls.size());
        turn.publish(new TurnEvent.Done(stored));
    }

    private void forgetOldTurns() {
        if (turns.size() > KEPT_TURNS) {
            turns.values().removeIf(ChatTurn::done);
        }
    }

    @Override
    public void destroy() {
        turns.values().forEach(ChatTurn::stop);
        executor.shutdownNow();
    }
}
