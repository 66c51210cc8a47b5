package dev.tramontane.webapp.web;

import dev.tramontane.webapp.model.ModelLoadBusyException;
import dev.tramontane.webapp.model.ModelLoadJob;
import dev.tramontane.webapp.model.ModelLoadProgress;
import dev.tramontane.webapp.model.ModelSwitcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.ObjectMapper;

/**
 * The Settings page's "Load" button: checks the typed file at once (exists, readable, a GGUF
 * header), then loads it in the background; the page follows the load over SSE
 * ({@code /settings/model/progress}: one {@code progress} event per step, the last one
 * {@code READY} or {@code FAILED}). Without JavaScript the form posts and the page shows the state.
 */
@Controller
class ModelLoadPageController {

    /** A Mixtral file on a slow disk can take minutes to warm up; the page reconnects after this. */
    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(15);

    private final ModelSwitcher switcher;
    private final MessageSource messages;
    private final ObjectMapper json;

    ModelLoadPageController(ModelSwitcher switcher, MessageSource messages, ObjectMapper json) {
        this.switcher = switcher;
        this.messages = messages;
        this.json = json;
    }

    /** From the page's script: 202 with the job, 400 with the reason the file is refused, 409 while another load runs. */
    @PostMapping(path = "/settings/model", headers = "Accept=application/json", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<Map<String, Object>> loadFromScript(@RequestParam(defaultValue = "") String path, Locale locale) {
        ModelFileCheck check = ModelFileCheck.of(path);
        if (path.isBlank() || !check.valid()) {
            return ResponseEntity.badRequest().body(Map.of("error", checkMessage(path, check, locale)));
        }
        try {
            ModelLoadJob job = switcher.load(Path.of(path.strip()));
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("job", job.id()));
        } catch (ModelLoadBusyException e) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error",
                    messages.getMessage("settings.model.busy", new Object[] {e.running().path().getFileName()}, locale)));
        }
    }

    /** Without JavaScript: the same checks; the Settings page then shows the progress or the reason. */
    @PostMapping("/settings/model")
    String loadFromForm(@RequestParam(defaultValue = "") String path, Locale locale, RedirectAttributes redirect) {
        ResponseEntity<Map<String, Object>> answer = loadFromScript(path, locale);
        redirect.addFlashAttribute("typedModelPath", path);
        if (!answer.getStatusCode().is2xxSuccessful()) {
            redirect.addFlashAttribute("modelLoadRefusal", answer.getBody().get("error"));
        }
        return "redirect:/settings";
    }

    @GetMapping(path = "/settings/model/progress", produces = "text/event-stream")
    SseEmitter progress(Locale locale) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        Optional<ModelLoadJob> job = switcher.lastJob();
        if (job.isEmpty()) {
            emitter.complete();
            return emitter;
        }
        Runnable unsubscribe = job.get().subscribe(p -> send(emitter, p, locale));
        emitter.onCompletion(unsubscribe);
        emitter.onTimeout(unsubscribe);
        emitter.onError(e -> unsubscribe.run());
        return emitter;
    }

    private void send(SseEmitter emitter, ModelLoadProgress p, Locale locale) {
        try {
            emitter.send(SseEmitter.event().name("progress").data(json.writeValueAsString(ModelLoadView.of(p, messages, locale))));
            if (p.stage().finished()) {
                emitter.complete();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the page went away: the job drops this listener
        }
    }

    private String checkMessage(String path, ModelFileCheck check, Locale locale) {
        if (path.isBlank()) {
            return messages.getMessage("settings.model.empty", null, locale);
        }
        return messages.getMessage(check.messageKey(), new Object[] {check.detail(), check.sizeBytes() / 1048576}, locale);
    }
}
