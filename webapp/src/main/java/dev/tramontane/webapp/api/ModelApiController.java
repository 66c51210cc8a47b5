package dev.tramontane.webapp.api;

import dev.tramontane.webapp.ModelRuntime;
import dev.tramontane.webapp.ModelStatus;
import dev.tramontane.webapp.model.ModelLoadBusyException;
import dev.tramontane.webapp.model.ModelLoadJob;
import dev.tramontane.webapp.model.ModelLoadProgress;
import dev.tramontane.webapp.model.ModelSwitcher;
import dev.tramontane.webapp.web.ModelFileCheck;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The served model: what is loaded, and loading another file at run time. {@code POST} answers 202
 * at once; the load runs in the background and {@code GET} shows its stage and percentage, then
 * the new model (or, if it failed, the reason, with the previous model still in service).
 */
@RestController
@RequestMapping("/api/model")
@Tag(name = "Model", description = "The served model; load another GGUF file without a restart")
class ModelApiController {

    /** The body of {@code POST /api/model}. */
    record LoadRequest(String path) {}

    private final ModelRuntime runtime;
    private final ModelSwitcher switcher;
    private final MessageSource messages;

    ModelApiController(ModelRuntime runtime, ModelSwitcher switcher, MessageSource messages) {
        this.runtime = runtime;
        this.switcher = switcher;
        this.messages = messages;
    }

    @Operation(summary = "The loaded model, and the progress of the last load started at run time")
    @GetMapping
    Map<String, Object> status() {
        ModelStatus status = runtime.status();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("loaded", status.loaded());
        body.put("name", status.name());
        body.put("path", status.path() == null ? null : status.path().toString());
        body.put("error", status.error());
        body.put("load", switcher.lastJob().map(ModelApiController::job).orElse(null));
        body.put("draining", switcher.draining());
        return body;
    }

    @Operation(summary = "Load another GGUF file in the background; it replaces the served model when ready (409 while a load runs)")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> load(@RequestBody LoadRequest request) {
        String typed = request.path() == null ? "" : request.path().strip();
        if (typed.isEmpty()) {
            throw ApiException.badRequest("path", "send the model file's path: {\"path\": \"/models/mixtral.Q4_K_M.gguf\"}");
        }
        ModelFileCheck check = ModelFileCheck.of(typed);
        if (!check.valid()) {
            throw ApiException.badRequest("path", messages.getMessage(check.messageKey(),
                    new Object[] {check.detail(), check.sizeBytes() / 1048576}, Locale.ENGLISH));
        }
        try {
            ModelLoadJob job = switcher.load(Path.of(typed));
            return ResponseEntity.accepted().location(URI.create("/api/model")).body(job(job));
        } catch (ModelLoadBusyException e) {
            throw new ApiException(HttpStatus.CONFLICT, "invalid_request_error", "model_load_in_progress", "path", e.getMessage());
        }
    }

    private static Map<String, Object> job(ModelLoadJob job) {
        ModelLoadProgress p = job.progress();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", job.id());
        body.put("path", job.path().toString());
        body.put("started", job.started().toString());
        body.put("stage", p.stage().name());
        body.put("percent", p.percent());
        body.put("done", p.done());
        body.put("total", p.total());
        body.put("finished", p.stage().finished());
        body.put("model", p.modelName());
        body.put("error", p.error());
        return body;
    }
}
