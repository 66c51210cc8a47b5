package dev.tramontane.webapp.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.rag.ingest.IngestionService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The path most users take, in a real browser without a model: upload a PDF, watch it being
 * indexed, ask a question whose answer is on page 3, get the passage quoted and cited with its page.
 */
class ChatBrowserTest extends RetrievalOnlyAppTest {

    @TempDir
    Path files;

    @Autowired
    IngestionService ingestion;

    /** One browser for the class (starting Chromium costs seconds); cookies are cleared between tests. */
    static Browser browser;

    @BeforeEach
    void openBrowser() {
        if (browser == null) {
            browser = Browser.open(port);
        }
        browser.go("/favicon.ico");
        browser.driver.manage().deleteAllCookies();
        browser.desktopWidth();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @Test
    void uploadedPdfReachesOneHundredPercentAndTheRetrievalOnlyAnswerCitesPageThree() throws Exception {
        Path pdf = TestPdfs.write(files.resolve("coastal-survey.pdf"), TestPdfs.LIGHTHOUSE_REPORT);
        Path notes = Files.writeString(files.resolve("harbour-notes.txt"), "The harbour master keeps a logbook of every ship.\n");

        browser.go("/documents");
        WebElement input = browser.driver.findElement(By.id("files"));
        input.sendKeys(pdf + "\n" + notes); // two files in one upload
        WebElement pdfRow = browser.waitFor(d -> d.findElements(By.xpath("//ul[@id='uploads']/li[span[@class='name' and text()='coastal-survey.pdf']]"))
                .stream().findFirst().orElse(null));
        browser.waitFor(d -> "INDEXED".equals(pdfRow.getDomAttribute("data-state")));
        assertThat(pdfRow.getDomAttribute("data-percent")).isEqualTo("100");
        assertThat(pdfRow.findElement(By.tagName("progress")).getDomProperty("value")).isEqualTo("100");
        assertThat(browser.driver.findElements(By.cssSelector("#uploads li"))).hasSize(2);
        browser.waitFor(d -> d.findElements(By.cssSelector("#uploads li[data-state='INDEXED']")).size() == 2);
        // the library table below follows without a reload
        browser.waitFor(d -> d.findElements(By.xpath("//table[@id='document-table']//td/a[text()='coastal-survey.pdf']")).size() == 1);
        browser.screenshot("documents-uploaded");

        browser.go("/");
        WebElement question = browser.driver.findElement(By.id("question"));
        question.sendKeys("What is the name of the lighthouse keeper of Cap Béar?");
        question.sendKeys(Keys.ENTER); // keyboard only
        WebElement answer = browser.waitFor(d -> d.findElements(By.cssSelector("article.message.assistant[data-message-id]"))
                .stream().findFirst().orElse(null));

        assertThat(browser.driver.findElement(By.tagName("body")).getDomAttribute("data-tokens")).isNotNull();
        assertThat(answer.findElement(By.cssSelector(".kind")).getText()).isEqualTo("Retrieval only");
        assertThat(answer.findElement(By.cssSelector(".markdown")).getText()).contains("Aurelio Mastrangelo");
        List<WebElement> sources = answer.findElements(By.cssSelector(".sources li.source"));
        assertThat(sources).isNotEmpty();
        WebElement first = sources.getFirst();
        assertThat(first.getDomAttribute("data-page")).isEqualTo("3");
        assertThat(first.getText()).contains("coastal-survey", "page 3");
        assertThat(first.findElement(By.cssSelector("a.source-link")).getDomAttribute("href")).endsWith("/file#page=3");
        assertThat(first.findElements(By.cssSelector(".snippet mark")).stream().map(WebElement::getText))
                .anyMatch(m -> m.equalsIgnoreCase("lighthouse") || m.equalsIgnoreCase("keeper"));
        // the [1] in the answer links to the first source
        assertThat(answer.findElement(By.cssSelector(".markdown a[href$='-1']")).getText()).isEqualTo("[1]");
        assertThat(browser.driver.getCurrentUrl()).contains("/chat/");
        assertThat(browser.driver.findElement(By.cssSelector("#conversation-list a.current")).getText())
                .startsWith("What is the name of the lighthouse keeper");
        browser.screenshot("chat-retrieval-only");
        browser.phoneWidth();
        browser.screenshot("chat-phone");
        browser.desktopWidth();

        browser.go("/documents?q=lighthouse+keeper");
        WebElement result = browser.waitFor(d -> d.findElement(By.cssSelector("#search-results li.result")));
        assertThat(result.getText()).contains("page 3");
        assertThat(result.findElements(By.cssSelector("mark"))).isNotEmpty();
        browser.screenshot("documents-search");
        assertThat(ingestion.awaitIdle(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void settingsPageRefusesAMissingModelFileAtOnceAndSavesRetrievalChoices() {
        browser.go("/settings");
        browser.screenshot("settings");
        WebElement path = browser.driver.findElement(By.id("modelPath"));
        path.clear();
        path.sendKeys("/nowhere/mixtral.gguf");
        browser.driver.findElement(By.id("load-model")).click();
        WebElement check = browser.waitFor(d -> d.findElement(By.id("model-check")));
        assertThat(check.getText()).contains("There is no file at /nowhere/mixtral.gguf");
        assertThat(browser.driver.findElement(By.id("modelPath")).getDomAttribute("aria-invalid")).isEqualTo("true");
        browser.screenshot("settings-invalid-model");

        browser.driver.findElement(By.id("modelPath")).clear();
        WebElement topK = browser.driver.findElement(By.id("topK"));
        topK.clear();
        topK.sendKeys("4");
        browser.driver.findElement(By.id("save-settings")).click();
        browser.waitFor(d -> d.findElement(By.id("saved")));
        assertThat(browser.driver.findElement(By.id("topK")).getDomProperty("value")).isEqualTo("4");
        topK = browser.driver.findElement(By.id("topK"));
        topK.clear();
        topK.sendKeys("6");
        browser.driver.findElement(By.id("save-settings")).click();
        browser.waitFor(d -> d.findElement(By.id("saved")));
    }
}
