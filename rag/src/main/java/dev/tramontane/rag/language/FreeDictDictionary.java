package dev.tramontane.rag.language;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Word-to-word translations read from a FreeDict dictionary in dictd format, as Debian's
 * {@code dict-freedict-*} packages install them ({@code /usr/share/dictd/freedict-deu-eng.index} and
 * {@code .dict.dz}). Only single-word headwords are kept, each with its first few translations.
 *
 * <p>dictd layout: the {@code .index} file has one line per entry, {@code headword TAB offset TAB
 * length}, offset and length in base64 digits ({@code A-Z a-z 0-9 + /}, most significant first) into
 * the uncompressed {@code .dict} text; {@code .dict.dz} is dictzip, a gzip file that
 * {@link GZIPInputStream} reads whole. An entry is a header line ({@code Haus /hˈaʊs/ <neut, n, sg>})
 * followed by translation lines ({@code [adm.] establishment <n>, institution <n>}) and then
 * examples, notes and cross references, which are skipped.
 */
public final class FreeDictDictionary {

    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final int MAX_TRANSLATIONS = 4;

    private final Map<String, List<String>> translations;

    private FreeDictDictionary(Map<String, List<String>> translations) {
        this.translations = translations;
    }

    /** Lowercased source word → its translations (single words or short phrases), most common sense first. */
    public Map<String, List<String>> translations() {
        return translations;
    }

    public List<String> lookup(String word) {
        return translations.getOrDefault(word.toLowerCase(Locale.ROOT), List.of());
    }

    /** Reads {@code name.index} and {@code name.dict.dz} from {@code directory}, e.g. name {@code freedict-deu-eng}. */
    public static FreeDictDictionary read(Path directory, String name) {
        return new FreeDictDictionary(collect(directory, name, false));
    }

    /**
     * Reads a dictionary from English into another language and turns it around (foreign word →
     * English headwords), for language pairs whose forward dictionary is small.
     */
    public static FreeDictDictionary readInverted(Path directory, String name) {
        return new FreeDictDictionary(collect(directory, name, true));
    }

    /** Merges two dictionaries; translations of {@code first} come first. */
    public static FreeDictDictionary merge(FreeDictDictionary first, FreeDictDictionary second) {
        Map<String, List<String>> merged = new HashMap<>(first.translations);
        second.translations.forEach((word, list) -> merged.merge(word, list, (a, b) -> {
            Set<String> union = new LinkedHashSet<>(a);
            union.addAll(b);
            return List.copyOf(union).subList(0, Math.min(union.size(), MAX_TRANSLATIONS));
        }));
        return new FreeDictDictionary(merged);
    }

    public static boolean isInstalled(Path directory, String name) {
        return Files.isRegularFile(directory.resolve(name + ".index")) && Files.isRegularFile(directory.resolve(name + ".dict.dz"));
    }

    private static Map<String, List<String>> collect(Path directory, String name, boolean invert) {
        Path indexFile = directory.resolve(name + ".index");
        Path dictFile = directory.resolve(name + ".dict.dz");
        byte[] dict;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dictFile), 1 << 16)) {
            dict = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read FreeDict dictionary " + dictFile
                    + " (install it with apt-get install dict-" + name + ")", e);
        }
        Map<String, Set<String>> words = new HashMap<>();
        try {
            for (String line : Files.readAllLines(indexFile, StandardCharsets.UTF_8)) {
                String[] columns = line.split("\t");
                if (columns.length != 3 || columns[0].startsWith("00-database") || columns[0].isBlank()) {
                    continue;
                }
                if (!invert && columns[0].trim().contains(" ")) {
                    continue;
                }
                int offset = (int) base64(columns[1]);
                int length = (int) base64(columns[2]);
                if (offset < 0 || length <= 0 || (long) offset + length > dict.length) {
                    continue;
                }
                String entry = new String(dict, offset, length, StandardCharsets.UTF_8);
                List<String> senses = senses(entry);
                if (invert) {
                    String english = columns[0].trim().toLowerCase(Locale.ROOT);
                    for (String foreign : senses) {
                        if (!foreign.contains(" ")) {
                            add(words, foreign.toLowerCase(Locale.ROOT), english);
                        }
                    }
                } else {
                    String headword = columns[0].trim().toLowerCase(Locale.ROOT);
                    senses.forEach(sense -> add(words, headword, sense));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read FreeDict index " + indexFile, e);
        }
        Map<String, List<String>> result = new HashMap<>(words.size() * 2);
        words.forEach((word, set) -> result.put(word, List.copyOf(set)));
        return result;
    }

    private static void add(Map<String, Set<String>> words, String word, String translation) {
        Set<String> set = words.computeIfAbsent(word, w -> new LinkedHashSet<>());
        if (set.size() < MAX_TRANSLATIONS && !translation.isBlank()) {
            set.add(translation);
        }
    }

    /** The translations of one entry: the lines after the header, up to examples, notes or references. */
    static List<String> senses(String entry) {
        String[] lines = entry.split("\n");
        List<String> senses = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("\"") || line.startsWith("see:") || line.startsWith("Synonym")
                    || line.startsWith("Note:") || line.startsWith("Example") || line.startsWith("Antonym")) {
                break;
            }
            String cleaned = line.replaceAll("\\[[^]]*]|<[^>]*>|\\([^)]*\\)|\\{[^}]*}|/[^/]*/", " ").replaceAll("^\\d+\\.\\s*", "");
            for (String part : cleaned.split("[,;]")) {
                String sense = part.trim().replaceAll("\\s+", " ");
                if (!sense.isEmpty()) {
                    senses.add(sense);
                }
            }
        }
        return senses;
    }

    static long base64(String digits) {
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = BASE64.indexOf(digits.charAt(i));
            if (digit < 0) {
                return -1;
            }
            value = value * 64 + digit;
        }
        return value;
    }
}
