package dev.tramontane.webapp.web;

import dev.tramontane.webapp.model.ModelLoadProgress;
import java.util.Locale;
import org.springframework.context.MessageSource;

/**
 * A model load as the Settings page shows it (rendered at first, then sent over SSE).
 *
 * @param stage    the step's name ({@code CHECKING_TENSORS}, …, {@code READY}, {@code FAILED})
 * @param percent  0–100, the progress bar's value
 * @param text     the step in the page's language, e.g. "Checking tensors 120/291"
 * @param finished whether the load has ended (loaded or failed)
 * @param error    the engine's reason when it failed, else {@code null}
 */
public record ModelLoadView(String stage, int percent, String text, boolean finished, String error) {

    static ModelLoadView of(ModelLoadProgress p, MessageSource messages, Locale locale) {
        String text = messages.getMessage(p.stage().messageKey(), new Object[] {Integer.toString(p.done()),
                Integer.toString(p.total()), p.modelName() == null ? "" : p.modelName(), p.error() == null ? "" : p.error()}, locale);
        return new ModelLoadView(p.stage().name(), p.percent(), text, p.stage().finished(), p.error());
    }

    public boolean failed() {
        return "FAILED".equals(stage);
    }
}
