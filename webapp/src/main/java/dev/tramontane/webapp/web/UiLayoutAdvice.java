package dev.tramontane.webapp.web;

import dev.tramontane.webapp.ModelStatus;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's layout shows: the language switch, the model's state, the library's size. */
@ControllerAdvice(assignableTypes = {ChatPageController.class, DocumentsPageController.class, SettingsPageController.class})
class UiLayoutAdvice {

    private final ModelStatus modelStatus;
    private final DocumentCount documentCount;

    UiLayoutAdvice(ModelStatus modelStatus, DocumentCount documentCount) {
        this.modelStatus = modelStatus;
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
        return modelStatus;
    }

    @ModelAttribute("documentCount")
    long documentCount() {
        return documentCount.count();
    }
}
