package dev.tramontane.webapp.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.webapp.Fixtures;
import dev.tramontane.webapp.ModelRuntime;
import dev.tramontane.webapp.TramontaneApplication;
import dev.tramontane.webapp.chat.ChatSettings;
import dev.tramontane.webapp.chat.ChatSettingsRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The app starts without a model (retrieval only); on the Settings page the user types the path of
 * a real GGUF file (the Mistral-vocabulary fixture: random weights, real tokens) and presses Load.
 * The progress bar reaches 100 %, and the chat page then streams a model answer instead of quoting
 * passages. A truncated copy of the file is refused with the loader's reason first. This test has
 * its own application (it changes the model, which the shared test contexts must not see).
 */
class ModelLoadBrowserTest {

    static ConfigurableApplicationContext app;
    static Browser browser;
    static Path dataDir;
    static Path model;

    @BeforeAll
    static void startWithoutAModel() throws Exception {
        model = Fixtures.require("models/mistral-vocab-mixtral-f16.gguf");
        dataDir = Files.createTempDirectory("tramontane-model-load-test-");
        app = new SpringApplicationBuilder(TramontaneApplication.class)
                .properties("tramontane.data-dir=" + dataDir, "tramontane.serving.max-concurrent=1",
                        // query translation is not what this test is about; skipping the dictionaries saves seconds
                        "tramontane.rag.freedict-dir=" + dataDir.resolve("no-dictionaries"))
                .run("--server.port=0"); // an argument: it outranks application.properties' 8080, which default properties do not
        // Short, deterministic answers keep the test fast.
        app.getBean(ChatSettingsRepository.class).save(new ChatSettings("", 3, true, "auto", 0.0, 16));
        browser = Browser.open(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
    }

    private void load(String path) {
        WebElement input = browser.driver.findElement(By.id("modelPath"));
        input.clear();
        input.sendKeys(path);
        browser.click(browser.driver.findElement(By.id("load-model")));
    }

    @Test
    void loadingAModelFromSettingsShowsProgressToOneHundredPercentAndTheChatThenAnswersWithIt() throws Exception {
        browser.go("/settings?lang=en");
        assertThat(browser.driver.findElement(By.id("model-state")).getText()).contains("No model loaded");

        byte[] whole = Files.readAllBytes(model);
        Path broken = Files.write(dataDir.resolve("broken.gguf"), Arrays.copyOf(whole, whole.length / 3));
        load(broken.toString());
        String refusal = browser.waitFor(d -> {
            // refused at once (header) or by the background load (tensors): either way the page says why
            var check = d.findElements(By.id("model-check"));
            if (!check.isEmpty()) {
                return check.getFirst().getText();
            }
            WebElement box = d.findElement(By.id("model-load"));
            return "FAILED".equals(box.getDomAttribute("data-stage")) ? d.findElement(By.id("model-load-stage")).getText() : null;
        });
        assertThat(refusal).contains("broken.gguf");
        assertThat(app.getBean(ModelRuntime.class).status().loaded()).isFalse();
        browser.screenshot("settings-model-refused");

        load(model.toString());
        WebElement bar = browser.driver.findElement(By.id("model-progress"));
        browser.waitFor(d -> "READY".equals(d.findElement(By.id("model-load")).getDomAttribute("data-stage")));
        assertThat(bar.getDomAttribute("role")).isEqualTo("progressbar");
        assertThat(bar.getDomAttribute("aria-valuenow")).isEqualTo("100");
        assertThat(bar.getDomProperty("value")).isEqualTo("100");
        WebElement stage = browser.driver.findElement(By.id("model-load-stage"));
        assertThat(stage.getDomAttribute("aria-live")).isEqualTo("polite");
        assertThat(stage.getText()).startsWith("Model loaded:");
        browser.waitFor(d -> d.findElement(By.id("model-state")).getText().contains("Model loaded:"));
        browser.screenshot("settings-model-loaded");

        browser.go("/");
        assertThat(browser.driver.findElement(By.id("model-state")).getText()).doesNotContain("retrieval only");
        By stored = By.cssSelector("article.message.assistant[data-message-id]");
        browser.driver.findElement(By.id("question")).sendKeys("Where does the harbour tug go at dawn?", Keys.ENTER);
        browser.waitFor(d -> d.findElements(stored).size() == 1
                && "false".equals(d.findElement(By.tagName("body")).getDomAttribute("data-streaming")));
        WebElement answer = browser.driver.findElements(stored).getLast();
        int tokens = Integer.parseInt(browser.driver.findElement(By.tagName("body")).getDomAttribute("data-tokens"));
        assertThat(tokens).as("text pieces streamed over SSE").isGreaterThan(1);
        assertThat(answer.findElements(By.cssSelector(".kind"))).as("a generated answer carries no 'retrieval only' label").isEmpty();
        assertThat(answer.findElement(By.cssSelector(".markdown")).getText()).isNotBlank();
        browser.screenshot("chat-after-model-load");
    }
}
