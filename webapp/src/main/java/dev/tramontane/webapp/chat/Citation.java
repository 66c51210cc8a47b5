package dev.tramontane.webapp.chat;

/**
 * A numbered source of an answer ({@code [number]} in its text).
 *
 * @param snippet the passage with the question's terms inside {@code <mark>…</mark>}, everything else
 *                HTML-escaped, as the retriever's highlighter makes it
 * @param text    the chunk's plain text (untrusted document text)
 */
public record Citation(int number, String documentId, String title, String source, int page, String snippet, String text) {}
