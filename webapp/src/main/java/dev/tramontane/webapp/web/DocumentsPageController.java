package dev.tramontane.webapp.web;

import dev.tramontane.rag.ingest.IngestionListener;
import dev.tramontane.rag.ingest.IngestionProgress;
import dev.tramontane.rag.ingest.IngestionRequest;
import dev.tramontane.rag.ingest.IngestionService;
import dev.tramontane.rag.ingest.job.JobJournal;
import dev.tramontane.webapp.chat.Citation;
import dev.tramontane.webapp.chat.PassageRetriever;
import dev.tramontane.webapp.config.TramontaneProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Documents page: upload (several files at once, progress per file over server-sent events),
 * collections, delete, re-ingest, and a search box over the library.
 */
@Controller
class DocumentsPageController {

    static final Duration EVENTS_TIMEOUT = Duration.ofMinutes(30);
    static final int SEARCH_RESULTS = 10;

    private final IngestionService ingestion;
    private final PassageRetriever retriever;
    private final Path sources;
    private final JsonMapper json = JsonMapper.builder().build();

    DocumentsPageController(IngestionService ingestion, PassageRetriever retriever, TramontaneProperties properties) {
        this.ingestion = ingestion;
        this.retriever = retriever;
        this.sources = properties.dataDir().resolve("ingest").resolve("sources");
    }

    @GetMapping("/documents")
    String documents(@RequestParam(required = false) String q, @RequestParam(required = false) String collection, Model model) {
        List<IngestionProgress> all = ingestion.list();
        TreeSet<String> collections = new TreeSet<>();
        collections.add(IngestionRequest.DEFAULT_COLLECTION);
        all.forEach(p -> collections.add(p.collection()));
        String selected = collection == null ? "" : collection.strip();
        model.addAttribute("collections", collections);
        model.addAttribute("selectedCollection", selected);
        model.addAttribute("documents", all.stream().filter(p -> selected.isEmpty() || p.collection().equals(selected))
                .map(DocumentsPageController::view).toList());
        model.addAttribute("query", q == null ? "" : q);
        if (q != null && !q.isBlank()) {
            List<SearchResultView> results = new ArrayList<>();
            for (Citation c : retriever.find(q, selected, SEARCH_RESULTS, true)) {
                CitationView v = ChatViews.citation(c, "");
                results.add(new SearchResultView(v.title(), v.page(), v.href(), collectionOf(all, c.documentId()), v.snippet()));
            }
            model.addAttribute("results", results);
        }
        return "documents";
    }

    private static String collectionOf(List<IngestionProgress> all, String documentId) {
        return all.stream().filter(p -> p.documentId().equals(documentId)).map(IngestionProgress::collection).findFirst().orElse("");
    }

    static DocumentView view(IngestionProgress p) {
        return new DocumentView(p.documentId(), p.fileName(), p.collection(), p.state().name(), p.percent(), p.pagesDone(),
                p.pagesTotal(), p.error(), p.state().isFinal());
    }

    /** Accepts several files; each starts its own ingestion job. Answers each job's first status. */
    @PostMapping("/documents/upload")
    @ResponseBody
    List<DocumentView> upload(@RequestParam("files") List<MultipartFile> files, @RequestParam(required = false) String collection)
            throws IOException {
        List<DocumentView> accepted = new ArrayList<>();
        for (MultipartFile file : files) {
            String name = Optional.ofNullable(file.getOriginalFilename()).map(n -> Path.of(n.replace('\\', '/')).getFileName())
                    .map(Path::toString).filter(n -> !n.isBlank()).orElse("upload");
            Path temp = Files.createTempFile("tramontane-upload-", "-" + name.replaceAll("[^A-Za-z0-9._-]", "_"));
            try {
                file.transferTo(temp);
                accepted.add(view(ingestion.submit(new IngestionRequest(temp, name, collection, null, null))));
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        return accepted;
    }

    /** Progress of every document, as it changes: events named {@code progress} with a {@link DocumentView}. */
    @GetMapping(path = "/documents/events", produces = "text/event-stream")
    SseEmitter events() {
        SseEmitter emitter = new SseEmitter(EVENTS_TIMEOUT.toMillis());
        IngestionListener[] holder = new IngestionListener[1];
        holder[0] = progress -> {
            try {
                emitter.send(SseEmitter.event().name("progress").data(json.writeValueAsString(view(progress))));
            } catch (IOException | IllegalStateException e) {
                ingestion.removeListener(holder[0]); // the page was closed
            }
        };
        ingestion.addListener(holder[0]);
        emitter.onCompletion(() -> ingestion.removeListener(holder[0]));
        emitter.onTimeout(() -> ingestion.removeListener(holder[0]));
        emitter.onError(e -> ingestion.removeListener(holder[0]));
        return emitter;
    }

    @PostMapping("/documents/{id}/delete")
    String delete(@PathVariable String id) {
        ingestion.delete(id);
        return "redirect:/documents";
    }

    /** Indexes the stored upload again from scratch (e.g. after a failure or a chunking change). */
    @PostMapping("/documents/{id}/reingest")
    String reingest(@PathVariable String id) throws IOException {
        IngestionProgress p = ingestion.status(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no document " + id));
        Path source = storedUpload(p);
        Path copy = Files.createTempFile("tramontane-reingest-", "");
        try {
            Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
            ingestion.delete(id);
            ingestion.submit(new IngestionRequest(copy, p.fileName(), p.collection(), id, null));
        } finally {
            Files.deleteIfExists(copy);
        }
        return "redirect:/documents";
    }

    /**
     * The original file. PDFs open in the browser (the citation's {@code #page=N} takes the viewer to
     * the page); anything else downloads, so an uploaded HTML file never runs in this site's origin.
     */
    @GetMapping("/documents/{id}/file")
    ResponseEntity<FileSystemResource> file(@PathVariable String id) {
        IngestionProgress p = ingestion.status(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no document " + id));
        Path source = storedUpload(p);
        boolean pdf = p.fileName().toLowerCase(java.util.Locale.ROOT).endsWith(".pdf");
        ContentDisposition disposition = (pdf ? ContentDisposition.inline() : ContentDisposition.attachment())
                .filename(p.fileName(), java.nio.charset.StandardCharsets.UTF_8).build();
        return ResponseEntity.ok()
                .contentType(pdf ? MediaType.APPLICATION_PDF : MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(new FileSystemResource(source));
    }

    private Path storedUpload(IngestionProgress p) {
        Path source = sources.resolve(JobJournal.sourceFileName(p.documentId(), p.fileName()));
        if (!Files.isRegularFile(source)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "the stored upload of " + p.fileName()
                    + " is gone from " + sources + "; upload the file again");
        }
        return source;
    }

}
