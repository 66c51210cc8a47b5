package dev.tramontane.webapp.api;

import dev.tramontane.rag.ingest.IngestionProgress;
import dev.tramontane.rag.ingest.IngestionService;
import dev.tramontane.rag.ingest.IngestionState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Collections are named by documents' {@code collection}; each is listed with its document counts. */
@RestController
@Tag(name = "Documents")
class CollectionsApiController {

    /** A collection with how many of its documents there are, are searchable, and failed. */
    record CollectionSummary(String name, int documents, int indexed, int failed) {}

    private final IngestionService ingestion;

    CollectionsApiController(IngestionService ingestion) {
        this.ingestion = ingestion;
    }

    @Operation(summary = "List collections with document counts")
    @GetMapping("/api/collections")
    List<CollectionSummary> list() {
        Map<String, int[]> counts = new TreeMap<>();
        for (IngestionProgress p : ingestion.list()) {
            int[] c = counts.computeIfAbsent(p.collection(), k -> new int[3]);
            c[0]++;
            if (p.state() == IngestionState.INDEXED) c[1]++;
            if (p.state() == IngestionState.FAILED) c[2]++;
        }
        return counts.entrySet().stream().map(e -> new CollectionSummary(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2])).toList();
    }
}
