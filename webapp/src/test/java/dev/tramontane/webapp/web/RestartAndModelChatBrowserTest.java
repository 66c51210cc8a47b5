package dev.tramontane.webapp.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tramontane.rag.ingest.IngestionRequest;
import dev.tramontane.rag.ingest.IngestionService;
import dev.tramontane.webapp.Fixtures;
import dev.tramontane.webapp.ModelRuntime;
import dev.tramontane.webapp.TramontaneApplication;
import dev.tramontane.webapp.chat.AnswerKind;
import dev.tramontane.webapp.chat.ChatMessage;
import dev.tramontane.webapp.chat.ChatSettingsRepository;
import dev.tramontane.webapp.chat.ChatSettings;
import dev.tramontane.webapp.chat.ChatTurn;
import dev.tramontane.webapp.chat.ChatTurnService;
import dev.tramontane.webapp.chat.ConversationRepository;
import dev.tramontane.webapp.chat.TurnEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two application runs on one data directory. The first, without a model, indexes a PDF and holds
 * a conversation; it is shut down. The second starts on the same directory with the Mistral-vocabulary
 * fixture model (random weights: gibberish text, but real tokens streamed through the real engine):
 * the conversation is still there, and new answers stream and cite page 3 of the PDF.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestartAndModelChatBrowserTest {

    static final String QUESTION = "What is the name of the lighthouse keeper of Cap Béar?";

    static Path dataDir;
    static String conversationId;
    static ConfigurableApplicationContext second;
    static boolean modelLoaded;

    static Browser browser;

    static ConfigurableApplicationContext start(Path dataDir, Path model) {
        SpringApplicationBuilder app = new SpringApplicationBuilder(TramontaneApplication.class)
                .properties("tramontane.data-dir=" + dataDir, "tramontane.serving.max-concurrent=1",
                        // query translation is not what this test is about; skipping the dictionaries saves seconds per start
                        "tramontane.rag.freedict-dir=" + dataDir.resolve("no-dictionaries"));
        if (model != null) {
            app.properties("tramontane.model=" + model);
        }
        return app.run("--server.port=0"); // an argument: it outranks application.properties' 8080, which default properties do not
    }

    @BeforeAll
    static void runTheFirstAppThenRestart() throws Exception {
        dataDir = Files.createTempDirectory("tramontane-restart-test-");
        Path pdf = TestPdfs.write(dataDir.resolve("coastal-survey.pdf"), TestPdfs.LIGHTHOUSE_REPORT);
        try (ConfigurableApplicationContext first = start(dataDir, null)) {
            IngestionService ingestion = first.getBean(IngestionService.class);
            ingestion.submit(IngestionRequest.of(pdf, "default"));
            assertThat(ingestion.awaitIdle(Duration.ofSeconds(120))).isTrue();
            ChatTurn turn = first.getBean(ChatTurnService.class).ask(null, QUESTION, Locale.ENGLISH);
            CompletableFuture<ChatMessage> answer = new CompletableFuture<>();
            turn.subscribe(e -> {
                if (e instanceof TurnEvent.Done done) {
                    answer.complete(done.message());
                }
            });
            assertThat(answer.get(60, TimeUnit.SECONDS).kind()).isEqualTo(AnswerKind.RETRIEVAL_ONLY);
            conversationId = turn.conversationId();
        }
        Path model = Fixtures.root().resolve("models/mistral-vocab-mixtral-f16.gguf");
        if (!Files.exists(model)) {
            System.err.println("!!! FIXTURE MISSING: " + model + " — the second run has no model; model answers are skipped.");
        }
        second = start(dataDir, Files.exists(model) ? model : null);
        modelLoaded = second.getBean(ModelRuntime.class).status().loaded();
        // Short, deterministic answers keep the test fast; three sources fit the fixture's 4096-token context.
        second.getBean(ChatSettingsRepository.class).save(new ChatSettings("", 3, true, "auto", 0.0, 24));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
        if (second != null) {
            second.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        if (browser == null) {
            browser = Browser.open(Integer.parseInt(second.getEnvironment().getProperty("local.server.port")));
        }
    }

    private WebElement ask(String question) {
        By stored = By.cssSelector("article.message.assistant[data-message-id]");
        int before = browser.driver.findElements(stored).size();
        browser.driver.findElement(By.id("question")).sendKeys(question, Keys.ENTER);
        // The stored answer replaces the streaming one when the turn is done.
        browser.waitFor(d -> d.findElements(stored).size() == before + 1
                && "false".equals(d.findElement(By.tagName("body")).getDomAttribute("data-streaming")));
        return browser.driver.findElements(stored).getLast();
    }

    @Test
    @Order(1)
    void aConversationFromBeforeTheRestartIsListedAndShownWithItsSources() {
        browser.go("/");
        WebElement listed = browser.driver.findElement(By.cssSelector("#conversation-list a[href='/chat/" + conversationId + "']"));
        assertThat(listed.getText()).isEqualTo(QUESTION);
        browser.click(listed);
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/chat/" + conversationId));
        assertThat(browser.driver.findElement(By.cssSelector("article.message.user")).getText()).contains(QUESTION);
        WebElement answer = browser.driver.findElement(By.cssSelector("article.message.assistant"));
        assertThat(answer.findElement(By.cssSelector(".kind")).getText()).isEqualTo("Retrieval only");
        assertThat(answer.findElement(By.cssSelector(".sources li.source")).getDomAttribute("data-page")).isEqualTo("3");
        assertThat(second.getBean(ConversationRepository.class).messages(conversationId)).hasSize(2);
    }

    @Test
    @Order(2)
    void withAModelTheAnswerStreamsPieceByPieceAndCitesPageThree() {
        assumeTrue(modelLoaded, "the fixture model is not loaded");
        browser.go("/");
        WebElement answer = ask(QUESTION);
        int tokens = Integer.parseInt(browser.driver.findElement(By.tagName("body")).getDomAttribute("data-tokens"));
        assertThat(tokens).as("text pieces received over SSE").isGreaterThan(1);
        assertThat(answer.findElements(By.cssSelector(".kind"))).as("a generated answer carries no label").isEmpty();
        assertThat(answer.findElement(By.cssSelector(".markdown")).getText()).isNotBlank();
        WebElement first = answer.findElement(By.cssSelector(".sources li.source"));
        assertThat(first.getDomAttribute("data-page")).isEqualTo("3");
        assertThat(first.getText()).contains("coastal-survey", "page 3");
        browser.screenshot("chat-model");
    }

    @Test
    @Order(3)
    void regenerateReplacesTheLastAnswerWithANewOne() {
        assumeTrue(modelLoaded, "the fixture model is not loaded");
        browser.go("/");
        WebElement old = ask("Who climbs the steps of the tower every evening?");
        String oldId = old.getDomAttribute("data-message-id");
        browser.click(old.findElement(By.cssSelector("button.regenerate")));
        browser.waitFor(d -> {
            List<WebElement> answers = d.findElements(By.cssSelector("article.message.assistant[data-message-id]"));
            return !answers.isEmpty() && !oldId.equals(answers.getLast().getDomAttribute("data-message-id"));
        });
        assertThat(browser.driver.findElements(By.cssSelector("article.message.assistant"))).hasSize(1);
        String conversation = browser.driver.findElement(By.tagName("body")).getDomAttribute("data-conversation");
        assertThat(second.getBean(ConversationRepository.class).messages(conversation)).hasSize(2);
    }

    @Test
    @Order(4)
    void stopEndsTheGenerationAndKeepsWhatWasWritten() {
        assumeTrue(modelLoaded, "the fixture model is not loaded");
        ChatSettingsRepository settings = second.getBean(ChatSettingsRepository.class);
        settings.save(new ChatSettings("", 3, true, "auto", 0.0, 2000));
        try {
            browser.go("/");
            browser.driver.findElement(By.id("question")).sendKeys("Tell me everything about the harbour.", Keys.ENTER);
            browser.waitFor(d -> {
                String n = d.findElement(By.tagName("body")).getDomAttribute("data-tokens");
                return n != null && Integer.parseInt(n) >= 3;
            });
            browser.click(browser.driver.findElement(By.id("stop")));
            WebElement answer = browser.waitFor(d -> d.findElements(By.cssSelector("article.message.assistant[data-message-id]"))
                    .stream().findFirst().orElse(null));
            assertThat(answer.findElement(By.cssSelector(".kind")).getText()).isEqualTo("Stopped");
            long id = Long.parseLong(answer.getDomAttribute("data-message-id"));
            String conversation = browser.driver.findElement(By.tagName("body")).getDomAttribute("data-conversation");
            ChatMessage stored = second.getBean(ConversationRepository.class).message(conversation, id).orElseThrow();
            assertThat(stored.kind()).isEqualTo(AnswerKind.STOPPED);
            assertThat(stored.content()).isNotBlank();
            browser.screenshot("chat-stopped");
        } finally {
            settings.save(new ChatSettings("", 3, true, "auto", 0.0, 24));
        }
    }
}
