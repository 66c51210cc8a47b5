package dev.tramontane.webapp.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** OpenAI's {@code GET /v1/models}: the one loaded model (an empty list in retrieval-only mode). */
@RestController
@Tag(name = "OpenAI-compatible")
class ModelsController {

    private final ServedModels models;

    ModelsController(ServedModels models) {
        this.models = models;
    }

    @Operation(summary = "List the models this server serves")
    @GetMapping("/v1/models")
    Map<String, Object> list() {
        String id = models.id();
        return Map.of("object", "list", "data", id == null ? List.of() : List.of(model(id)));
    }

    @Operation(summary = "Describe one model")
    @GetMapping("/v1/models/{id}")
    Map<String, Object> get(@PathVariable String id) {
        return model(models.resolve(id).id());
    }

    private Map<String, Object> model(String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("object", "model");
        m.put("created", models.created());
        m.put("owned_by", "tramontane");
        return m;
    }
}
