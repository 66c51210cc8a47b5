package dev.tramontane.rag.ingest.read;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the bytes of a text upload. A byte-order mark decides when present; otherwise strict UTF-8,
 * and when that fails Windows-1252, the legacy encoding of Western European text (French, German,
 * Spanish, Italian, English) that files not in UTF-8 are most often in. Bytes that are no text at all
 * (NUL bytes, many control characters) are refused: that is a binary file with a text name.
 */
final class TextDecoder {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    /** Real text has almost no control characters besides tab, newline, carriage return and form feed. */
    private static final double MAX_CONTROL_CHARACTER_SHARE = 0.01;

    private TextDecoder() {}

    static String decode(byte[] bytes, String fileName) throws UnreadableDocumentException {
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            return strict(bytes, 3, StandardCharsets.UTF_8, fileName);
        }
        if (startsWith(bytes, 0xFF, 0xFE)) {
            return strict(bytes, 2, StandardCharsets.UTF_16LE, fileName);
        }
        if (startsWith(bytes, 0xFE, 0xFF)) {
            return strict(bytes, 2, StandardCharsets.UTF_16BE, fileName);
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new UnreadableDocumentException("file '" + fileName + "' is binary, not text (it holds a NUL byte at offset "
                        + i + "); upload it with the extension of its real format, or export it as text first");
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            text = new String(bytes, WINDOWS_1252);
        }
        long controls = text.chars().filter(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r'
                && c != '\f').count();
        if (controls > Math.max(2, text.length() * MAX_CONTROL_CHARACTER_SHARE)) {
            throw new UnreadableDocumentException("file '" + fileName + "' is binary, not text (" + controls
                    + " control characters); upload it with the extension of its real format, or export it as text first");
        }
        return text;
    }

    private static String strict(byte[] bytes, int skip, Charset charset, String fileName) throws UnreadableDocumentException {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip)).toString();
        } catch (CharacterCodingException e) {
            throw new UnreadableDocumentException("file '" + fileName + "' starts with a " + charset
                    + " byte-order mark but is not valid " + charset + "; save it again as UTF-8", e);
        }
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
