package dev.tramontane.webapp.api;

import dev.tramontane.rag.ingest.IngestionListener;
import dev.tramontane.rag.ingest.IngestionProgress;
import dev.tramontane.rag.ingest.IngestionRequest;
import dev.tramontane.rag.ingest.IngestionService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The native document API: upload (multipart, ingested in the background), list, status, delete,
 * and ingestion progress as server-sent events.
 */
@RestController
@RequestMapping("/api/documents")
@Tag(name = "Documents", description = "Upload, list and delete documents; follow their ingestion")
class DocumentsApiController {

    /** How long a progress stream may stay open. */
    static final long PROGRESS_STREAM_TIMEOUT_MS = 30 * 60 * 1000L;

    private final IngestionService ingestion;

    DocumentsApiController(IngestionService ingestion) {
        this.ingestion = ingestion;
    }

    @Operation(summary = "Upload a document (PDF, DOCX, HTML, Markdown, text) into a collection; ingestion runs in the background")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<IngestionProgress> upload(@RequestParam("file") MultipartFile file,
                                             @RequestParam(name = "collection", required = false) String collection,
                                             @RequestParam(name = "title", required = false) String title) throws IOException {
        String name = file.getOriginalFilename() == null ? "" : Path.of(file.getOriginalFilename()).getFileName().toString();
        if (name.isBlank() || file.isEmpty()) {
            throw ApiException.badRequest("file", "send a non-empty file with its name (multipart field 'file')");
        }
        Path temp = Files.createTempFile("tramontane-upload-", "-" + name);
        try {
            file.transferTo(temp);
            IngestionProgress accepted;
            try {
                accepted = ingestion.submit(new IngestionRequest(temp, name, collection, null, title));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("file", e.getMessage());
            }
            return ResponseEntity.accepted().location(URI.create("/api/documents/" + accepted.documentId())).body(accepted);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Operation(summary = "List documents with their ingestion state, optionally in one collection")
    @GetMapping
    List<IngestionProgress> list(@RequestParam(name = "collection", required = false) String collection) {
        return collection == null ? ingestion.list() : ingestion.list(collection);
    }

    @Operation(summary = "One document's ingestion state")
    @GetMapping("/{id}")
    IngestionProgress get(@PathVariable String id) {
        return ingestion.status(id).orElseThrow(() -> unknown(id));
    }

    @Operation(summary = "Delete a document and its chunks from the index")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        if (!ingestion.delete(id)) {
            throw unknown(id);
        }
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Ingestion progress of one document as server-sent events (event 'progress'), ending at INDEXED or FAILED")
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable String id) {
        IngestionProgress now = ingestion.status(id).orElseThrow(() -> unknown(id));
        SseEmitter emitter = new SseEmitter(PROGRESS_STREAM_TIMEOUT_MS);
        IngestionListener listener = new IngestionListener() {
            @Override
            public void onProgress(IngestionProgress progress) {
                if (!progress.documentId().equals(id)) {
                    return;
                }
                send(emitter, progress, this);
            }
        };
        emitter.onCompletion(() -> ingestion.removeListener(listener));
        emitter.onTimeout(() -> ingestion.removeListener(listener));
        emitter.onError(e -> ingestion.removeListener(listener));
        ingestion.addListener(listener);
        // The state may have moved on between the snapshot and the listener; send the latest, then follow.
        send(emitter, ingestion.status(id).orElse(now), listener);
        return emitter;
    }

    private void send(SseEmitter emitter, IngestionProgress progress, IngestionListener listener) {
        try {
            synchronized (emitter) {
                emitter.send(SseEmitter.event().name("progress").data(progress, MediaType.APPLICATION_JSON));
                if (progress.state().isFinal()) {
                    ingestion.removeListener(listener);
                    emitter.complete();
                }
            }
        } catch (IOException | IllegalStateException e) {
            ingestion.removeListener(listener);
        }
    }

    private static ApiException unknown(String id) {
        return ApiException.notFound("document_not_found", "id", "no document with id '" + id + "'; GET /api/documents lists them");
    }
}
