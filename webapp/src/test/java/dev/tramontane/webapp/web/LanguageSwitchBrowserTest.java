package dev.tramontane.webapp.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The language switch in a real browser: every page follows it, and {@code <html lang>} says so. */
class LanguageSwitchBrowserTest extends RetrievalOnlyAppTest {

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

    private String htmlLang() {
        return browser.driver.findElement(By.tagName("html")).getDomAttribute("lang");
    }

    private String visibleText() {
        return browser.driver.findElement(By.tagName("body")).getText();
    }

    private void switchTo(String code) {
        browser.driver.findElement(By.cssSelector(".langs a[data-lang='" + code + "']")).click();
        browser.waitFor(d -> code.equals(d.findElement(By.tagName("html")).getDomAttribute("lang")));
    }

    @Test
    void switchingToFrenchTranslatesEveryPageAndSetsHtmlLang() throws IOException {
        browser.go("/");
        assertThat(htmlLang()).isEqualTo("en");
        assertThat(visibleText()).contains("New conversation", "Your question");

        switchTo("fr");
        assertThat(visibleText()).contains("Nouvelle conversation", "Votre question", "Réglages", "Aucun modèle chargé");
        assertThat(browser.driver.findElement(By.id("send")).getText()).isEqualTo("Envoyer");
        assertThat(browser.driver.findElement(By.id("question")).getDomAttribute("placeholder")).isEqualTo("Que voulez-vous savoir ?");
        assertThat(untranslatedEnglish(visibleText(), "fr")).isEmpty();
        browser.screenshot("chat-fr");

        browser.go("/documents"); // the choice is remembered (cookie)
        assertThat(htmlLang()).isEqualTo("fr");
        assertThat(visibleText()).contains("Ajouter des documents", "Rechercher dans la bibliothèque", "Choisir des fichiers");
        assertThat(untranslatedEnglish(visibleText(), "fr")).isEmpty();
        browser.screenshot("documents-fr");

        browser.go("/settings");
        assertThat(visibleText()).contains("Langue des réponses", "Passages par question", "Enregistrer les réglages");
        assertThat(untranslatedEnglish(visibleText(), "fr")).isEmpty();
    }

    @Test
    void germanSpanishAndItalianAreEachComplete() throws IOException {
        browser.go("/settings");
        switchTo("de");
        assertThat(visibleText()).contains("Einstellungen", "Sprache der Antworten", "Hybride Suche");
        assertThat(untranslatedEnglish(visibleText(), "de")).isEmpty();
        browser.screenshot("settings-de");

        switchTo("es");
        assertThat(visibleText()).contains("Ajustes", "Idioma de las respuestas", "Guardar ajustes");
        assertThat(untranslatedEnglish(visibleText(), "es")).isEmpty();

        switchTo("it");
        assertThat(visibleText()).contains("Impostazioni", "Lingua delle risposte", "Salva le impostazioni");
        assertThat(untranslatedEnglish(visibleText(), "it")).isEmpty();

        browser.go("/");
        assertThat(htmlLang()).isEqualTo("it");
        assertThat(visibleText()).contains("Nuova conversazione", "La tua domanda");
        assertThat(untranslatedEnglish(visibleText(), "it")).isEmpty();
        switchTo("en");
        assertThat(visibleText()).contains("New conversation");
    }

    /**
     * English UI strings that are visible although the page is in {@code language}: every message
     * whose translation differs from the English text, found verbatim on the page, is one.
     */
    private static List<String> untranslatedEnglish(String pageText, String language) throws IOException {
        Properties english = load("messages_en.properties");
        Properties translated = load("messages_" + language + ".properties");
        List<String> found = new ArrayList<>();
        for (String key : english.stringPropertyNames()) {
            String en = english.getProperty(key);
            String other = translated.getProperty(key);
            assertThat(other).as("messages_%s.properties has no %s", language, key).isNotNull();
            if (!en.equals(other) && !en.contains("{") && en.length() > 4
                    && java.util.regex.Pattern.compile("(?<!\\p{L})" + java.util.regex.Pattern.quote(en) + "(?!\\p{L})").matcher(pageText).find()) {
                found.add(key + " = " + en);
            }
        }
        return found;
    }

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = LanguageSwitchBrowserTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
