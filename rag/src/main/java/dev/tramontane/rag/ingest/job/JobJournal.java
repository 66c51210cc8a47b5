package dev.tramontane.rag.ingest.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The on-disk journal of ingestion jobs: one small JSON file per document under {@code jobs/}, and the
 * copy of each upload under {@code sources/}. Every write goes to a temp file that is then renamed over
 * the old one, so after a kill -9 a record is either the old or the new version, never half of one.
 *
 * <pre>
 * &lt;root&gt;/jobs/&lt;document id&gt;.json     JobRecord
 * &lt;root&gt;/sources/&lt;document id&gt;.&lt;ext&gt;  copy of the upload, kept for resuming and re-indexing
 * </pre>
 */
public final class JobJournal {

    private static final Logger log = LoggerFactory.getLogger(JobJournal.class);

    private final Path jobs;
    private final Path sources;
    private final JsonMapper json = JsonMapper.builder().build();

    public JobJournal(Path root) {
        this.jobs = root.resolve("jobs");
        this.sources = root.resolve("sources");
        try {
            Files.createDirectories(jobs);
            Files.createDirectories(sources);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the ingestion journal under " + root
                    + "; check that the data directory is writable", e);
        }
    }

    public Path sourcesDirectory() {
        return sources;
    }

    public Path source(JobRecord record) {
        return sources.resolve(record.sourceFile());
    }

    /** File name (in {@code sources/}) for the copy of a document's upload. */
    public static String sourceFileName(String documentId, String fileName) {
        int dot = fileName.lastIndexOf('.');
        return safe(documentId) + (dot >= 0 ? fileName.substring(dot) : "");
    }

    public void write(JobRecord record) {
        Path target = jobs.resolve(safe(record.documentId()) + ".json");
        try {
            Path temp = Files.createTempFile(jobs, "job-", ".tmp");
            Files.write(temp, json.writeValueAsBytes(record));
            moveAtomically(temp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ingestion journal entry " + target
                    + "; check free disk space and permissions of the data directory", e);
        }
    }

    public void delete(JobRecord record) {
        try {
            Files.deleteIfExists(jobs.resolve(safe(record.documentId()) + ".json"));
            Files.deleteIfExists(source(record));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the ingestion journal entry of document "
                    + record.documentId(), e);
        }
    }

    /** Every record on disk, read only (safe while another process writes); unreadable entries are skipped. */
    public List<JobRecord> readAll() {
        return read(false);
    }

    /**
     * Every record on disk, for the one service that owns this journal, at its start: temp files of writes
     * cut short by a crash are removed and an unreadable entry is set aside as {@code .corrupt}.
     */
    public List<JobRecord> recover() {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(jobs, "*.tmp")) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover); // its rename never happened, so the old entry is still whole
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up the ingestion journal in " + jobs, e);
        }
        return read(true);
    }

    private List<JobRecord> read(boolean setAsideCorrupt) {
        List<JobRecord> records = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(jobs, "*.json")) {
            for (Path file : files) {
                try {
                    records.add(json.readValue(Files.readAllBytes(file), JobRecord.class));
                } catch (JacksonException e) {
                    log.warn("ingestion journal entry {} is unreadable ({})", file, e.getMessage());
                    if (setAsideCorrupt) {
                        Files.move(file, file.resolveSibling(file.getFileName() + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (java.nio.file.NoSuchFileException vanished) {
                    // deleted between listing and reading: the document was just deleted
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ingestion journal in " + jobs, e);
        }
        return records;
    }

    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A document id as a file name: any character outside [A-Za-z0-9_-] percent-encoded. */
    private static String safe(String documentId) {
        StringBuilder name = new StringBuilder();
        for (byte b : documentId.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                name.append(c);
            } else {
                name.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return name.toString();
    }
}
