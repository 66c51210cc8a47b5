package dev.tramontane.webapp.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.webapp.Fixtures;
import dev.tramontane.webapp.TramontaneApplication;
import dev.tramontane.webapp.chat.ChatSettings;
import dev.tramontane.webapp.chat.ChatSettingsRepository;
import dev.tramontane.webapp.tools.ConversationToolSettings;
import dev.tramontane.webapp.tools.ConversationToolsRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tool call in the browser, on the Mistral-vocabulary fixture (random weights: it calls a tool
 * only when forced). In the Tools panel of a new conversation the user keeps only {@code calculator}
 * on and sets "Always call a tool first"; the question then shows a collapsible tool call that says
 * "calling calculator…" first and gets its result (or the calculator's error) in place, followed by
 * streamed answer text. The panel's choice is stored with the conversation and is still there after
 * the app restarts, on the page and through {@code GET /api/conversations/{id}/tools}, and a change
 * made there is saved at once.
 */
class ToolCallBrowserTest {

    /** Records, as the page changes, each tool-call element's state and summary, and when answer text grows. */
    private static final String RECORDER = """
            window.__seen = [];
            const record = (d) => window.__seen.push('tool|' + d.dataset.callId + '|' + d.dataset.state + '|'
                + (d.querySelector('summary') ? d.querySelector('summary').textContent : ''));
            new MutationObserver((mutations) => {
              for (const m of mutations) {
                if (m.type === 'attributes' && m.target.matches('details.tool-call')) record(m.target);
                for (const n of m.addedNodes) {
                  if (n.nodeType !== 1) continue;
                  [n, ...n.querySelectorAll('*')].filter((e) => e.matches('details.tool-call')).forEach(record);
                }
                const streaming = m.target.nodeType === 1 ? m.target.closest('.text.streaming') : null;
                if (streaming && streaming.textContent.length > 0) window.__seen.push('text');
              }
            }).observe(document.getElementById('messages'), {subtree: true, childList: true, characterData: true,
                attributes: true, attributeFilter: ['data-state']});
            """;

    static ConfigurableApplicationContext start(Path dataDir, Path model) {
        SpringApplicationBuilder app = new SpringApplicationBuilder(TramontaneApplication.class)
                .properties("tramontane.data-dir=" + dataDir, "tramontane.serving.max-concurrent=1",
                        "tramontane.rag.freedict-dir=" + dataDir.resolve("no-dictionaries"), "tramontane.tools.max-rounds=1");
        if (model != null) {
            app.properties("tramontane.model=" + model);
        }
        return app.run("--server.port=0"); // an argument: it outranks application.properties' 8080, which default properties do not
    }

    @Test
    void aForcedCalculatorCallShowsCallingThenItsResultThenTheAnswerAndThePanelSurvivesARestart() throws Exception {
        Path model = Fixtures.require("models/mistral-vocab-mixtral-f16.gguf");
        Path dataDir = Files.createTempDirectory("tramontane-tool-browser-");
        String conversationId;
        try (ConfigurableApplicationContext app = start(dataDir, model);
             Browser browser = Browser.open(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")))) {
            // Room for the forced call's JSON (its schema needs ~60 tokens) and a short answer.
            app.getBean(ChatSettingsRepository.class).save(new ChatSettings("", 3, true, "auto", 0.0, 90));
            browser.go("/");
            browser.click(browser.driver.findElement(By.cssSelector("#tools-panel summary")));
            for (WebElement box : browser.driver.findElements(By.cssSelector("#tools-panel input[name='tool']"))) {
                boolean calculator = "calculator".equals(box.getDomAttribute("value"));
                if (box.isSelected() != calculator) {
                    box.sendKeys(Keys.SPACE); // the keyboard, as a user without a mouse would
                }
            }
            new Select(browser.driver.findElement(By.id("tool-choice"))).selectByValue("required");
            browser.waitFor(d -> "pending".equals(d.findElement(By.id("tools-panel")).getDomAttribute("data-state")));
            assertThat(browser.driver.findElement(By.id("tools-count")).getText()).isEqualTo("1 on");
            assertThat(browser.driver.findElement(By.cssSelector("label[for='tool-calculator']")).getText())
                    .contains("calculator", "arithmetic");

            ((JavascriptExecutor) browser.driver).executeScript(RECORDER);
            By stored = By.cssSelector("article.message.assistant[data-message-id]");
            browser.driver.findElement(By.id("question")).sendKeys("What is 1250 * 1.2 / 7?", Keys.ENTER);
            browser.waitFor(d -> d.findElements(stored).size() == 1
                    && "false".equals(d.findElement(By.tagName("body")).getDomAttribute("data-streaming")));

            @SuppressWarnings("unchecked")
            List<String> seen = (List<String>) ((JavascriptExecutor) browser.driver).executeScript("return window.__seen;");
            String running = seen.stream().filter(s -> s.startsWith("tool|") && s.contains("|running|")).findFirst()
                    .orElseThrow(() -> new AssertionError("no tool call was shown running; the page showed " + seen));
            String callId = running.split("\\|")[1];
            assertThat(running).endsWith("|calling calculator…");
            int ended = indexOf(seen, "tool|" + callId + "|done|", "tool|" + callId + "|failed|");
            assertThat(ended).as("the same element got its result: " + seen).isGreaterThan(seen.indexOf(running));
            assertThat(seen.subList(ended, seen.size())).as("answer text streamed after the call: " + seen).contains("text");

            WebElement answer = browser.driver.findElement(stored);
            WebElement call = answer.findElement(By.cssSelector("details.tool-call"));
            assertThat(call.getDomAttribute("data-call-id")).isEqualTo(callId);
            browser.click(call.findElement(By.tagName("summary")));
            assertThat(call.findElement(By.tagName("summary")).getText()).contains("calculator");
            List<WebElement> pres = call.findElements(By.tagName("pre"));
            JsonNode arguments = JsonMapper.builder().build().readTree(pres.get(0).getText());
            assertThat(arguments.propertyNames()).containsExactly("expression");
            String result = pres.get(1).getText();
            if ("done".equals(call.getDomAttribute("data-state"))) {
                assertThat(result).contains("\"result\"");
            } else {
                assertThat(call.getDomAttribute("data-state")).isEqualTo("failed");
                assertThat(result).contains("tool calculator failed");
            }
            assertThat(answer.findElement(By.cssSelector(".markdown")).getText()).isNotBlank();
            browser.screenshot("chat-tool-call");

            conversationId = browser.driver.findElement(By.tagName("body")).getDomAttribute("data-conversation");
            assertThat(app.getBean(ConversationToolsRepository.class).find(conversationId))
                    .contains(new ConversationToolSettings(List.of("calculator"), "required"));
        }

        // The same data directory, started again (no model needed to read settings).
        try (ConfigurableApplicationContext app = start(dataDir, null);
             Browser browser = Browser.open(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")))) {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            // No API key is configured, so the API answers this machine's clients.
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/conversations/" + conversationId + "/tools")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode tools = JsonMapper.builder().build().readTree(r.body());
            assertThat(tools.path("enabled").values()).extracting(JsonNode::asString).containsExactly("calculator");
            assertThat(tools.path("toolChoice").asString()).isEqualTo("required");

            browser.go("/chat/" + conversationId);
            assertThat(browser.driver.findElements(By.cssSelector("#tools-panel input[name='tool']:checked")))
                    .extracting(e -> e.getDomAttribute("value")).containsExactly("calculator");
            assertThat(new Select(browser.driver.findElement(By.id("tool-choice"))).getFirstSelectedOption().getDomAttribute("value"))
                    .isEqualTo("required");

            // A change on an existing conversation is saved at once (PUT with the page's CSRF token).
            browser.click(browser.driver.findElement(By.cssSelector("#tools-panel summary")));
            browser.driver.findElement(By.id("tool-convert_units")).sendKeys(Keys.SPACE);
            browser.waitFor(d -> "saved".equals(d.findElement(By.id("tools-panel")).getDomAttribute("data-state")));
            assertThat(browser.driver.findElement(By.id("tools-status")).getText()).isEqualTo("Saved");
            assertThat(app.getBean(ConversationToolsRepository.class).find(conversationId))
                    .contains(new ConversationToolSettings(List.of("calculator", "convert_units"), "required"));

            // Naming one tool in the choice turns that tool on, and the choice is saved as its name.
            Select choice = new Select(browser.driver.findElement(By.id("tool-choice")));
            assertThat(choice.getOptions()).extracting(WebElement::getText).contains("Always call current_datetime first");
            choice.selectByValue("current_datetime");
            browser.waitFor(d -> app.getBean(ConversationToolsRepository.class).find(conversationId)
                    .map(s -> s.toolChoice().equals("current_datetime")).orElse(false));
            assertThat(browser.driver.findElement(By.id("tool-current_datetime")).isSelected()).isTrue();
            assertThat(app.getBean(ConversationToolsRepository.class).find(conversationId).orElseThrow().enabled())
                    .containsExactlyInAnyOrder("calculator", "convert_units", "current_datetime");
        }
    }

    private static int indexOf(List<String> seen, String... prefixes) {
        for (int i = 0; i < seen.size(); i++) {
            for (String p : prefixes) {
                if (seen.get(i).startsWith(p)) {
                    return i;
                }
            }
        }
        return -1;
    }
}
