package dev.tramontane.webapp.web;

import dev.tramontane.webapp.ModelRuntime;
import dev.tramontane.webapp.ModelStatus;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's layout shows: the language switch, the model's state, the library's size. */
@ControllerAdvice(assignableTypes = {ChatPageController.class, DocumentsPageController.class, SettingsPageController.class})
class UiLayoutAdvice {

    private final ModelRuntime modelRuntime;
    private final DocumentCount documentCount;

    UiLayoutAdvice(ModelRuntime modelRuntime, DocumentCount documentCount) {
        this.modelRuntime = modelRuntime;
        this.documentCount = documentCount;
    }

    @ModelAttribute("languages")
    List<UiLanguages.UiLanguage> languages() {
        return UiLanguages.ALL;
    }

    @ModelAttribute("currentLanguage")
    String currentLanguage(Locale locale) {
        return UiLanguages.normalize(locale).getLanguage();
    }

    @ModelAttribute("modelStatus")
    ModelStatus modelStatus() {
        return modelRuntime.status(); // read per page: the model can be replaced while the app runs
    }

    @ModelAttribute("documentCount")
    long documentCount() {
        return documentCount.count();
    }
}
