package dev.tramontane.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.serve.InferenceService;
import dev.tramontane.engine.serve.ServiceConfig;
import dev.tramontane.engine.spring.TramontaneChatModel;
import dev.tramontane.rag.language.LanguageDetector;
import dev.tramontane.tools.registry.ToolRegistry;
import dev.tramontane.tools.registry.ToolSelection;
import dev.tramontane.tools.registry.ToolSet;
import dev.tramontane.webapp.chat.AnswerKind;
import dev.tramontane.webapp.chat.ChatMessage;
import dev.tramontane.webapp.chat.ChatSettings;
import dev.tramontane.webapp.chat.ChatSettingsRepository;
import dev.tramontane.webapp.chat.ChatTurn;
import dev.tramontane.webapp.chat.ChatTurnService;
import dev.tramontane.webapp.chat.Citation;
import dev.tramontane.webapp.chat.ConversationRepository;
import dev.tramontane.webapp.chat.PassageRetriever;
import dev.tramontane.webapp.chat.RetrievalOnlyAnswer;
import dev.tramontane.webapp.chat.ToolCallRecord;
import dev.tramontane.webapp.chat.TurnEvent;
import dev.tramontane.webapp.chat.TurnTools;
import dev.tramontane.webapp.config.RetrievalProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * A browser chat turn on the real chat model (the fixture {@code mistral-vocab-mixtral-f16.gguf}:
 * real Mistral vocabulary, random weights) runs its tools through the shared tool-calling loop: with
 * a call forced ({@code tool_choice = required}, one round) the turn reports the call as it starts
 * and again with its result as {@link TurnEvent.ToolCall}s before it ends, and stores it with the answer; a tool that throws is
 * reported as failed and the turn still ends in an answer.
 */
class ChatTurnToolCallsTest {

    static class Tools {
        @Tool(name = "lookup", description = "Looks a word up")
        public String lookup(String word) {
            return "definition of " + word;
        }

        @Tool(name = "explode", description = "Always fails")
        public String explode(String input) {
            throw new IllegalStateException("boom");
        }
    }

    /** The library is empty: these turns are about tools, not sources. */
    static final class EmptyLibrary extends PassageRetriever {
        EmptyLibrary() {
            super(null, null, null);
        }

        @Override
        public List<Citation> find(String question, String collection, int topK, boolean hybrid) {
            return List.of();
        }
    }

    /** Offers exactly one tool and forces the model to call it in the one round allowed. */
    record ForcedTool(ToolRegistry registry, String name) implements TurnTools {
        @Override
        public ToolSet forConversation(String conversationId) {
            return registry.forTurn(ToolSelection.only(List.of(name)));
        }

        @Override
        public String toolChoice(String conversationId) {
            return "required";
        }

        @Override
        public int maxRounds() {
            return 1;
        }
    }

    static Model model;
    static InferenceService service;
    static ModelRuntime runtime;

    @TempDir
    Path dir;
    ConversationRepository conversations;
    ChatSettingsRepository settings;

    @BeforeAll
    static void load() throws IOException {
        Path file = Fixtures.require("models/mistral-vocab-mixtral-f16.gguf");
        model = Model.load(file);
        service = new InferenceService(model, ServiceConfig.defaults().withContextLength(2048));
        runtime = ModelRuntime.loaded(file, model, service, TramontaneChatModel.builder(service).build());
    }

    @AfterAll
    static void close() {
        if (service != null) {
            service.close();
        }
        if (model != null) {
            model.close();
        }
    }

    @BeforeEach
    void database() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dir.resolve("db/tramontane").toAbsolutePath());
        dataSource.setUser("sa");
        conversations = new ConversationRepository(dataSource);
        settings = new ChatSettingsRepository(dataSource, conversations, new RetrievalProperties(null, null, dir, 6, 1));
        settings.save(new ChatSettings("", 6, false, "en", 0.0, 96));
    }

    private ChatTurnService service(String tool) {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        ToolRegistry registry = ToolRegistry.builder().toolObjects(new Tools()).build();
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("turnTools", new ForcedTool(registry, tool)));
        return new ChatTurnService(conversations, settings, new EmptyLibrary(), LanguageDetector.fixed("en"),
                new RetrievalOnlyAnswer(messages), runtime, beans.getBeanProvider(TurnTools.class), messages);
    }

    private static List<TurnEvent> eventsOf(ChatTurn turn) throws InterruptedException {
        List<TurnEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        turn.subscribe(e -> {
            events.add(e);
            if (e instanceof TurnEvent.Done) {
                done.countDown();
            }
        });
        assertThat(done.await(120, TimeUnit.SECONDS)).as("the turn ended").isTrue();
        return events;
    }

    /** The calls as they ended. */
    private static List<ToolCallRecord> toolCalls(List<TurnEvent> events) {
        return allToolEvents(events).stream().filter(c -> !c.running()).toList();
    }

    private static List<ToolCallRecord> allToolEvents(List<TurnEvent> events) {
        return events.stream().filter(TurnEvent.ToolCall.class::isInstance).map(e -> ((TurnEvent.ToolCall) e).call()).toList();
    }

    @Test
    void aForcedToolCallReachesTheTurnWithItsResultBeforeTheAnswerEnds() throws InterruptedException {
        ChatTurnService turns = service("lookup");
        try {
            ChatTurn turn = turns.ask(null, "What does 'tramontane' mean?", Locale.ENGLISH);
            List<TurnEvent> events = eventsOf(turn);

            assertThat(events.getFirst()).isInstanceOf(TurnEvent.Sources.class);
            List<ToolCallRecord> calls = toolCalls(events);
            assertThat(calls).isNotEmpty().allSatisfy(call -> {
                assertThat(call.name()).isEqualTo("lookup");
                assertThat(call.result()).startsWith("\"definition of ");
                assertThat(call.failed()).isFalse();
            });
            assertThat(events.indexOf(new TurnEvent.ToolCall(calls.getFirst()))).isLessThan(events.size() - 1);
            // Each call is first reported as running (same id, name and arguments, no result), then with its result.
            for (ToolCallRecord ended : calls) {
                ToolCallRecord started = ToolCallRecord.running(ended.id(), ended.name(), ended.arguments());
                assertThat(events.indexOf(new TurnEvent.ToolCall(started)))
                        .isNotNegative().isLessThan(events.indexOf(new TurnEvent.ToolCall(ended)));
            }
            assertThat(allToolEvents(events)).hasSize(2 * calls.size());
            ChatMessage answer = ((TurnEvent.Done) events.getLast()).message();
            assertThat(answer.kind()).isEqualTo(AnswerKind.GENERATED);
            assertThat(answer.toolCalls()).isEqualTo(calls);
            assertThat(conversations.messages(turn.conversationId()).getLast().toolCalls()).isEqualTo(calls);
        } finally {
            turns.destroy();
        }
    }

    @Test
    void aToolThatThrowsIsReportedAsFailedAndTheTurnStillEndsInAnAnswer() throws InterruptedException {
        ChatTurnService turns = service("explode");
        try {
            List<TurnEvent> events = eventsOf(turns.ask(null, "Blow it up", Locale.ENGLISH));

            List<ToolCallRecord> calls = toolCalls(events);
            assertThat(calls).isNotEmpty().allSatisfy(call -> {
                assertThat(call.name()).isEqualTo("explode");
                assertThat(call.failed()).isTrue();
                assertThat(call.result()).contains("explode failed").contains("boom");
            });
            ChatMessage answer = ((TurnEvent.Done) events.getLast()).message();
            assertThat(answer.kind()).isEqualTo(AnswerKind.GENERATED);
            assertThat(answer.toolCalls()).isEqualTo(calls);
        } finally {
            turns.destroy();
        }
    }
}
