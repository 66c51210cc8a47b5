package dev.tramontane.webapp.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tramontane.rag.ingest.IngestionService;
import dev.tramontane.webapp.chat.AnswerKind;
import dev.tramontane.webapp.chat.ChatRole;
import dev.tramontane.webapp.chat.Conversation;
import dev.tramontane.webapp.chat.ConversationRepository;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The UI controllers through MockMvc, on the same application context as the browser tests. */
class UiPagesMvcTest extends RetrievalOnlyAppTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    ConversationRepository conversations;

    @Autowired
    IngestionService ingestion;

    @Test
    void acceptLanguagePicksTheFirstSupportedLanguageAndFallsBackToEnglish() throws Exception {
        mvc.perform(get("/").header("Accept-Language", "pt-BR,de;q=0.8,en;q=0.5"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("<html lang=\"de\"")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Neue Unterhaltung")));
        mvc.perform(get("/").header("Accept-Language", "pt-BR,ja"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("<html lang=\"en\"")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("New conversation")));
    }

    @Test
    void theLangParameterSetsARememberedCookieAndUnsupportedValuesAreIgnored() throws Exception {
        mvc.perform(get("/settings").param("lang", "es"))
                .andExpect(cookie().value(LocaleConfiguration.COOKIE, "es"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("<html lang=\"es\"")));
        mvc.perform(get("/settings").param("lang", "pt").header("Accept-Language", "it"))
                .andExpect(cookie().doesNotExist(LocaleConfiguration.COOKIE))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("<html lang=\"it\"")));
    }

    @Test
    void conversationsCanBeRenamedSearchedByContentAndDeleted() throws Exception {
        Conversation c = conversations.create("Tide tables");
        conversations.append(c.id(), ChatRole.USER, "When is the spring tide at Collioure?", AnswerKind.QUESTION, List.of(), List.of());

        mvc.perform(post("/chat/" + c.id() + "/rename").param("title", "Tides of Collioure").with(csrf()))
                .andExpect(redirectedUrl("/chat/" + c.id()));
        assertThat(conversations.find(c.id()).orElseThrow().title()).isEqualTo("Tides of Collioure");

        String found = mvc.perform(get("/").param("q", "SPRING TIDE")).andReturn().getResponse().getContentAsString();
        assertThat(found).contains("Tides of Collioure");
        String notFound = mvc.perform(get("/").param("q", "volcano")).andReturn().getResponse().getContentAsString();
        assertThat(notFound).doesNotContain("Tides of Collioure");

        mvc.perform(post("/chat/" + c.id() + "/delete").with(csrf())).andExpect(redirectedUrl("/"));
        assertThat(conversations.find(c.id())).isEmpty();
        mvc.perform(get("/chat/" + c.id())).andExpect(status().isNotFound());
    }

    @Test
    void formPostsWithoutTheCsrfTokenAreRefused() throws Exception {
        Conversation c = conversations.create("Keep me");
        mvc.perform(post("/chat/" + c.id() + "/delete")).andExpect(status().isForbidden());
        assertThat(conversations.find(c.id())).isPresent();
    }

    @Test
    void anEmptyQuestionIsABadRequestWithAReason() throws Exception {
        mvc.perform(post("/chat/turns").param("question", "  ").with(csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("the question is empty; type a question first"));
    }

    @Test
    void settingsOutOfRangeAreRefusedFieldByFieldAndNothingIsSaved() throws Exception {
        String page = mvc.perform(post("/settings").with(csrf())
                        .param("temperature", "5").param("maxTokens", "0").param("topK", "500")
                        .param("answerLanguage", "xx").param("collection", ""))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Choose a temperature between 0 and 2.", "Choose between 1 and 2048 tokens.",
                "Choose between 1 and 50 passages.", "Choose one of the listed languages.", "Nothing was saved");
        assertThat(mvc.perform(get("/settings")).andReturn().getResponse().getContentAsString()).doesNotContain("value=\"500\"");
    }

    @Test
    void aFileThatIsNotGgufIsReportedWithTheReason() throws Exception {
        java.nio.file.Path notAModel = java.nio.file.Files.writeString(DATA_DIR.resolve("notes.gguf"), "plain text, not a model");
        // Without JavaScript: the form posts, and the Settings page it returns to shows the reason.
        MvcResult posted = mvc.perform(post("/settings/model").with(csrf()).param("path", notAModel.toString())
                        .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"))
                .andExpect(status().is3xxRedirection()).andReturn();
        String page = mvc.perform(get("/settings").flashAttrs(posted.getFlashMap())).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"model-check\"", "This file is not a usable GGUF model");
        // From the page's script: the same reason as JSON.
        mvc.perform(post("/settings/model").with(csrf()).accept(org.springframework.http.MediaType.APPLICATION_JSON)
                        .param("path", notAModel.toString()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.startsWith("This file is not a usable GGUF model")));
    }

    @Test
    void uploadAcceptsSeveralFilesAndAnUploadedHtmlFileIsServedAsADownloadNeverAsAPage() throws Exception {
        MockMultipartFile html = new MockMultipartFile("files", "page.html", "text/html",
                "<html><body><p>Harbour tug schedule</p><script>alert(1)</script></body></html>".getBytes(StandardCharsets.UTF_8));
        MockMultipartFile text = new MockMultipartFile("files", "tug.txt", "text/plain",
                "The harbour tug leaves at dawn.".getBytes(StandardCharsets.UTF_8));
        MvcResult result = mvc.perform(multipart("/documents/upload").file(html).file(text).param("collection", "harbour").with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].fileName").value("page.html"))
                .andExpect(jsonPath("$[0].collection").value("harbour"))
                .andReturn();
        String id = com.jayway.jsonpath.JsonPath.read(result.getResponse().getContentAsString(), "$[0].id");
        assertThat(ingestion.awaitIdle(Duration.ofSeconds(60))).isTrue();

        mvc.perform(get("/documents/" + id + "/file"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/octet-stream"))
                .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.startsWith("attachment")))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"));

        String library = mvc.perform(get("/documents").param("collection", "harbour")).andReturn().getResponse().getContentAsString();
        assertThat(library).contains("page.html", "tug.txt");
        mvc.perform(post("/documents/" + id + "/reingest").with(csrf())).andExpect(redirectedUrl("/documents"));
        assertThat(ingestion.awaitIdle(Duration.ofSeconds(60))).isTrue();
        assertThat(ingestion.status(id).orElseThrow().state().name()).isEqualTo("INDEXED");
        mvc.perform(post("/documents/" + id + "/delete").with(csrf())).andExpect(redirectedUrl("/documents"));
        assertThat(ingestion.status(id)).isEmpty();
    }
}
