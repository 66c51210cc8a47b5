package dev.tramontane.webapp.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.rag.ingest.IngestionRequest;
import dev.tramontane.rag.ingest.IngestionService;
import dev.tramontane.rag.ingest.IngestionState;
import dev.tramontane.webapp.chat.AnswerKind;
import dev.tramontane.webapp.chat.ChatRole;
import dev.tramontane.webapp.chat.Citation;
import dev.tramontane.webapp.chat.Conversation;
import dev.tramontane.webapp.chat.ConversationRepository;
import dev.tramontane.webapp.chat.ToolCallRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Document text and model output are untrusted. Payloads that would set {@code window.__xss} or
 * open an alert if they ran are shown as text, and the flag stays unset.
 */
class XssBrowserTest extends RetrievalOnlyAppTest {

    static final String DOCUMENT = """
            Quarterly memo about the zebrafish inventory of the marine station.
            <script>window.__xss='doc-script';alert(1)</script>
            <img src=x onerror="window.__xss='doc-img';alert(2)">
            [click me](javascript:window.__xss='doc-link')
            The zebrafish inventory counts forty tanks in the east wing.
            """;

    static final String MODEL_OUTPUT = """
            Here is **bold** text and a raw script:

            <script>window.__xss='model-script';alert(3)</script>

            Inline <img src=x onerror="window.__xss='model-img';alert(4)"> image and \
            <a href="javascript:window.__xss='model-a'">anchor</a>, a [markdown link](javascript:window.__xss='model-link') \
            and a picture ![pic](https://example.invalid/p.png "t") as cited [1].

            ```html
            <b onclick="window.__xss='code'">code</b>
            ```
            """;

    @TempDir
    Path files;

    @Autowired
    IngestionService ingestion;

    @Autowired
    ConversationRepository conversations;

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

    private void assertNothingRan() {
        Object flag = ((JavascriptExecutor) browser.driver).executeScript("return window.__xss === undefined ? null : String(window.__xss);");
        assertThat(flag).as("a payload ran and set window.__xss").isNull();
        assertThatThrownBy(() -> browser.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void payloadsInADocumentAreQuotedAsTextInTheAnswerAndTheSnippets() throws Exception {
        Path memo = Files.writeString(files.resolve("zebrafish-memo.txt"), DOCUMENT);
        String id = ingestion.submit(IngestionRequest.of(memo, "default")).documentId();
        assertThat(ingestion.awaitIdle(Duration.ofSeconds(60))).isTrue();
        assertThat(ingestion.status(id).orElseThrow().state()).isEqualTo(IngestionState.INDEXED);

        browser.go("/");
        WebElement question = browser.driver.findElement(By.id("question"));
        question.sendKeys("zebrafish inventory tanks", Keys.ENTER);
        WebElement answer = browser.waitFor(d -> d.findElements(By.cssSelector("article.message.assistant[data-message-id]"))
                .stream().findFirst().orElse(null));

        String shown = answer.getText();
        assertThat(shown).contains("<script>window.__xss='doc-script';alert(1)</script>");
        assertThat(shown).contains("onerror=\"window.__xss='doc-img';alert(2)\"");
        assertThat(answer.findElements(By.cssSelector(".markdown script, .markdown img, .snippet script, .snippet img"))).isEmpty();
        for (WebElement link : answer.findElements(By.cssSelector(".markdown a"))) {
            assertThat(link.getDomAttribute("href")).doesNotStartWithIgnoringCase("javascript:");
        }
        assertNothingRan();

        browser.go("/documents?q=zebrafish");
        WebElement results = browser.waitFor(d -> d.findElement(By.id("search-results")));
        assertThat(results.getText()).contains("__xss=");
        assertThat(results.findElements(By.cssSelector("script, img"))).isEmpty();
        assertNothingRan();
        browser.screenshot("xss-document-search");
    }

    @Test
    void payloadsInStoredModelOutputCitationsAndToolCallsNeverRun() {
        Conversation c = conversations.create("<img src=x onerror=\"window.__xss='title'\">");
        conversations.append(c.id(), ChatRole.USER, "<script>window.__xss='question'</script>", AnswerKind.QUESTION, List.of(), List.of());
        conversations.append(c.id(), ChatRole.ASSISTANT, MODEL_OUTPUT, AnswerKind.GENERATED,
                List.of(new Citation(1, "doc\"><script>window.__xss='id'</script>", "<script>window.__xss='cite-title'</script>",
                        "evil.html", 2, "raw <img src=x onerror=\"window.__xss='snippet'\"> and <mark>marked</mark>",
                        "text")),
                List.of(new ToolCallRecord("call1", "<script>window.__xss='tool'</script>",
                        "{\"q\":\"<img src=x onerror=window.__xss='args'>\"}", "<script>window.__xss='result'</script>", false)));

        browser.go("/chat/" + c.id());
        WebElement answer = browser.waitFor(d -> d.findElement(By.cssSelector("article.message.assistant")));
        assertThat(answer.findElement(By.cssSelector(".markdown strong")).getText()).isEqualTo("bold"); // Markdown still renders
        assertThat(answer.findElement(By.cssSelector(".markdown")).getText())
                .contains("<script>window.__xss='model-script';alert(3)</script>", "<img src=x onerror=");
        assertThat(answer.findElements(By.cssSelector(".markdown script, .markdown img, .markdown [onclick], .markdown [onerror]"))).isEmpty();
        WebElement link = answer.findElement(By.linkText("markdown link"));
        assertThat(link.getDomAttribute("href")).isEmpty(); // the javascript: URL was dropped
        browser.click(answer.findElement(By.cssSelector(".tool-call summary")));
        assertThat(answer.findElement(By.cssSelector(".tool-call")).getText()).contains("<script>window.__xss='result'</script>");
        WebElement source = answer.findElement(By.cssSelector(".sources li.source"));
        assertThat(source.getText()).contains("<script>window.__xss='cite-title'</script>", "<img src=x onerror=");
        assertThat(source.findElement(By.cssSelector("mark")).getText()).isEqualTo("marked");
        assertThat(browser.driver.findElement(By.cssSelector("#conversation-list a.current")).getText()).startsWith("<img src=x");
        assertThat(browser.driver.findElement(By.cssSelector("article.message.user")).getText()).contains("<script>window.__xss='question'</script>");
        assertNothingRan();
        browser.screenshot("xss-model-output");
    }
}
