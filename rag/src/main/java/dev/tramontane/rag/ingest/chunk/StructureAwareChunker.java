package dev.tramontane.rag.ingest.chunk;

import java.text.BreakIterator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.tramontane.rag.ingest.read.HeadingSpan;
import dev.tramontane.rag.ingest.read.PageText;

/**
 * Cuts one document's pages into chunks along its structure: a heading always starts a new chunk,
 * paragraphs are kept whole when they fit, long paragraphs are cut between sentences, and only a sentence
 * longer than a whole chunk is cut between words. Consecutive chunks of a section share up to
 * {@link ChunkingSettings#overlapTokens()} tokens of whole sentences. A chunk never crosses a page, so the
 * page a citation names is exact, and its offsets select its text in the page.
 *
 * <p>One instance per document, fed its pages in order: the chunk index and the headings in force carry
 * over from page to page.
 *
 * <p>Sentences come from the JDK's {@link BreakIterator}, whose sentence rules (Unicode UAX #29) are the
 * same for French, German, Spanish, Italian and English, so the root locale serves all five.
 */
public final class StructureAwareChunker {

    private static final Pattern BLANK_LINE = Pattern.compile("\\n[ \\t\\r\\f]*\\n");
    private static final String SECTION_SEPARATOR = " › ";

    private enum Kind { HEADING, TEXT }

    /** A piece that is never cut: a heading, a paragraph's sentence, or a window of a huge sentence. */
    private record Unit(Kind kind, int start, int end, int tokens, boolean startsParagraph, int paragraphTokens, int level) {}

    private record OpenHeading(int level, String text) {}

    private final ChunkingSettings settings;
    private final TokenCounter tokenCounter;
    private final Deque<OpenHeading> sections = new ArrayDeque<>();
    private int nextIndex;

    public StructureAwareChunker(ChunkingSettings settings, TokenCounter tokenCounter) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tokenCounter = Objects.requireNonNull(tokenCounter, "tokenCounter");
    }

    /** The chunks of the next page of the document. */
    public List<TextChunk> chunk(PageText page) {
        List<TextChunk> chunks = new ArrayList<>();
        List<Unit> current = new ArrayList<>();
        for (Unit unit : units(page)) {
            if (unit.kind == Kind.HEADING) {
                if (hasText(current)) {
                    emit(page, current, chunks);
                    current.clear();
                }
                while (!sections.isEmpty() && sections.peekLast().level() >= unit.level) {
                    sections.removeLast();
                }
                sections.addLast(new OpenHeading(unit.level, page.text().substring(unit.start, unit.end)));
                current.add(unit);
                continue;
            }
            int size = tokens(current);
            boolean full = size + unit.tokens > settings.targetTokens();
            // Prefer to end a well-filled chunk where a paragraph starts rather than cut that paragraph.
            boolean paragraphWouldBeCut = unit.startsParagraph && size >= settings.targetTokens() / 2
                    && size + unit.paragraphTokens > settings.targetTokens();
            if (hasText(current) && (full || paragraphWouldBeCut)) {
                emit(page, current, chunks);
                List<Unit> overlap = overlap(current);
                current.clear();
                current.addAll(overlap);
                while (!current.isEmpty() && tokens(current) + unit.tokens > settings.targetTokens()) {
                    current.removeFirst();
                }
            }
            current.add(unit);
        }
        if (!current.isEmpty()) {
            emit(page, current, chunks);
        }
        return chunks;
    }

    private void emit(PageText page, List<Unit> units, List<TextChunk> chunks) {
        int start = units.getFirst().start;
        int end = units.getLast().end;
        String section = sections.stream().map(OpenHeading::text).collect(Collectors.joining(SECTION_SEPARATOR));
        chunks.add(new TextChunk(nextIndex++, page.pageNumber(), start, end, page.text().substring(start, end),
                section, tokens(units)));
    }

    /** The longest run of whole sentences ending the chunk that fits the overlap, never the whole chunk. */
    private List<Unit> overlap(List<Unit> emitted) {
        List<Unit> tail = new ArrayList<>();
        int size = 0;
        for (int i = emitted.size() - 1; i >= 1; i--) {
            Unit unit = emitted.get(i);
            if (unit.kind != Kind.TEXT || size + unit.tokens > settings.overlapTokens()) {
                break;
            }
            tail.addFirst(unit);
            size += unit.tokens;
        }
        return tail;
    }

    private static boolean hasText(List<Unit> units) {
        return units.stream().anyMatch(unit -> unit.kind == Kind.TEXT);
    }

    private static int tokens(List<Unit> units) {
        return units.stream().mapToInt(Unit::tokens).sum();
    }

    private List<Unit> units(PageText page) {
        String text = page.text();
        List<Unit> units = new ArrayList<>();
        List<HeadingSpan> headings = page.headings().stream()
                .sorted(java.util.Comparator.comparingInt(HeadingSpan::start)).toList();
        int position = 0;
        for (HeadingSpan heading : headings) {
            if (heading.start() < position) {
                continue; // overlapping spans from a sloppy reader: keep the first
            }
            paragraphs(text, position, heading.start(), units);
            int[] span = trim(text, heading.start(), heading.end());
            if (span != null) {
                int tokens = tokenCounter.count(text.substring(span[0], span[1]));
                units.add(new Unit(Kind.HEADING, span[0], span[1], tokens, true, tokens, heading.level()));
            }
            position = heading.end();
        }
        paragraphs(text, position, text.length(), units);
        return units;
    }

    private void paragraphs(String text, int from, int to, List<Unit> units) {
        Matcher blank = BLANK_LINE.matcher(text).region(from, to);
        int start = from;
        while (blank.find()) {
            paragraph(text, start, blank.start(), units);
            start = blank.end();
        }
        paragraph(text, start, to, units);
    }

    private void paragraph(String text, int from, int to, List<Unit> units) {
        int[] span = trim(text, from, to);
        if (span == null) {
            return;
        }
        int paragraphTokens = tokenCounter.count(text.substring(span[0], span[1]));
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
        sentences.setText(text.substring(span[0], span[1]));
        boolean first = true;
        for (int s = sentences.first(), e = sentences.next(); e != BreakIterator.DONE; s = e, e = sentences.next()) {
            int[] sentence = trim(text, span[0] + s, span[0] + e);
            if (sentence == null) {
                continue;
            }
            int tokens = tokenCounter.count(text.substring(sentence[0], sentence[1]));
            if (tokens <= settings.targetTokens()) {
                units.add(new Unit(Kind.TEXT, sentence[0], sentence[1], tokens, first, paragraphTokens, 0));
            } else {
                wordWindows(text, sentence[0], sentence[1], first, paragraphTokens, units);
            }
            first = false;
        }
    }

    /** Cuts a sentence longer than a chunk between words into windows that fill a chunk each. */
    private void wordWindows(String text, int from, int to, boolean startsParagraph, int paragraphTokens, List<Unit> units) {
        int windowStart = from;
        int windowTokens = 0;
        int i = from;
        while (i < to) {
            int wordStart = i;
            while (wordStart < to && Character.isWhitespace(text.charAt(wordStart))) wordStart++;
            int wordEnd = wordStart;
            while (wordEnd < to && !Character.isWhitespace(text.charAt(wordEnd))) wordEnd++;
            if (wordEnd == wordStart) {
                break;
            }
            int wordTokens = tokenCounter.count(text.substring(wordStart, wordEnd));
            if (windowTokens > 0 && windowTokens + wordTokens > settings.targetTokens()) {
                int[] window = trim(text, windowStart, i);
                units.add(new Unit(Kind.TEXT, window[0], window[1], windowTokens, startsParagraph, paragraphTokens, 0));
                startsParagraph = false;
                windowStart = wordStart;
                windowTokens = 0;
            }
            windowTokens += wordTokens;
            i = wordEnd;
        }
        int[] window = trim(text, windowStart, to);
        if (window != null) {
            units.add(new Unit(Kind.TEXT, window[0], window[1], windowTokens, startsParagraph, paragraphTokens, 0));
        }
    }

    /** {@code [from, to)} without surrounding whitespace, or null when only whitespace. */
    private static int[] trim(String text, int from, int to) {
        while (from < to && Character.isWhitespace(text.charAt(from))) from++;
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) to--;
        return from < to ? new int[] {from, to} : null;
    }
}
