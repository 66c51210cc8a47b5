package dev.tramontane.rag.ingest.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An upload copied into the journal's {@code sources} directory under a temporary name, with the SHA-256
 * of its bytes computed while copying (one pass, constant memory).
 */
public record StoredUpload(Path temporaryCopy, String contentHash) {

    public static StoredUpload copy(Path upload, Path sourcesDirectory) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256, which every Java SE runtime must provide", e);
        }
        Path temp = Files.createTempFile(sourcesDirectory, "upload-", ".tmp");
        try (InputStream in = new DigestInputStream(Files.newInputStream(upload), sha256);
             OutputStream out = Files.newOutputStream(temp)) {
            in.transferTo(out);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return new StoredUpload(temp, HexFormat.of().formatHex(sha256.digest()));
    }

    /** Moves the copy to its final place, replacing an older copy of the same document. */
    public void moveTo(Path target) throws IOException {
        JobJournal.moveAtomically(temporaryCopy, target);
    }

    public void discard() throws IOException {
        Files.deleteIfExists(temporaryCopy);
    }
}
