package dev.tramontane.webapp.web;

import dev.tramontane.rag.ingest.IngestionRequest;
import dev.tramontane.rag.ingest.IngestionService;
import dev.tramontane.webapp.chat.AnswerLanguage;
import dev.tramontane.webapp.chat.ChatSettings;
import dev.tramontane.webapp.chat.ChatSettingsRepository;
import dev.tramontane.webapp.config.ServingProperties;
import dev.tramontane.webapp.ModelRuntime;
import dev.tramontane.webapp.model.ModelLoadJob;
import dev.tramontane.webapp.model.ModelSwitcher;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.MessageSource;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Settings page: model file (loaded at run time by {@link ModelLoadPageController}), generation,
 * retrieval and answer language. Invalid values are shown again with a message beside their field;
 * nothing is saved then.
 */
@Controller
class SettingsPageController {

    static final int MAX_TOP_K = 50;

    private final ChatSettingsRepository settings;
    private final IngestionService ingestion;
    /** The inference service refuses longer answers (tramontane.serving.max-tokens). */
    private final int maxAnswerTokens;

    private final ModelSwitcher switcher;
    private final ModelRuntime runtime;
    private final MessageSource messages;

    SettingsPageController(ChatSettingsRepository settings, IngestionService ingestion, ServingProperties serving,
            ModelSwitcher switcher, ModelRuntime runtime, MessageSource messages) {
        this.settings = settings;
        this.ingestion = ingestion;
        this.maxAnswerTokens = serving.maxTokens();
        this.switcher = switcher;
        this.runtime = runtime;
        this.messages = messages;
    }

    @GetMapping("/settings")
    String show(Model model, Locale locale) {
        ChatSettings s = settings.load();
        Optional<ModelLoadJob> job = switcher.lastJob();
        if (!model.containsAttribute("typedModelPath")) {
            Path shown = job.map(ModelLoadJob::path).orElse(runtime.status().path());
            model.addAttribute("typedModelPath", shown == null ? "" : shown.toString());
        }
        model.addAttribute("modelLoad", job.map(j -> ModelLoadView.of(j.progress(), messages, locale)).orElse(null));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new SettingsForm(s.temperature(), s.maxTokens(), s.collection(), s.topK(),
                    s.hybrid(), s.answerLanguage()));
        }
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return page(model);
    }

    private String page(Model model) {
        TreeSet<String> collections = new TreeSet<>();
        collections.add(IngestionRequest.DEFAULT_COLLECTION);
        ingestion.list().forEach(p -> collections.add(p.collection()));
        model.addAttribute("collections", collections);
        model.addAttribute("maxAnswerTokens", maxAnswerTokens);
        model.addAttribute("maxAnswerTokensText", Integer.toString(maxAnswerTokens)); // no "2,048" in messages
        model.addAttribute("answerLanguages", List.of(ChatSettings.AUTO, "en", "fr", "de", "es", "it"));
        return "settings";
    }

    @PostMapping("/settings")
    String save(@ModelAttribute("form") SettingsForm form, Model model, Locale locale, RedirectAttributes redirect) {
        Map<String, String> errors = new LinkedHashMap<>();
        double temperature = form.temperature() == null ? -1 : form.temperature();
        if (temperature < 0 || temperature > 2) {
            errors.put("temperature", "settings.error.temperature");
        }
        int maxTokens = form.maxTokens() == null ? 0 : form.maxTokens();
        if (maxTokens < 1 || maxTokens > maxAnswerTokens) {
            errors.put("maxTokens", "settings.error.maxTokens");
        }
        int topK = form.topK() == null ? 0 : form.topK();
        if (topK < 1 || topK > MAX_TOP_K) {
            errors.put("topK", "settings.error.topK");
        }
        String language = form.answerLanguage() == null ? ChatSettings.AUTO : form.answerLanguage();
        if (!language.equals(ChatSettings.AUTO) && !AnswerLanguage.supported(language)) {
            errors.put("answerLanguage", "settings.error.answerLanguage");
        }
        if (!errors.isEmpty()) {
            model.addAttribute("errors", errors);
            return show(model, locale);
        }
        settings.save(new ChatSettings(form.collection(), topK, Boolean.TRUE.equals(form.hybrid()), language, temperature,
                maxTokens));
        redirect.addFlashAttribute("saved", true);
        return "redirect:/settings";
    }
}
