package dev.tramontane.webapp.web;

import java.util.List;
import java.util.Locale;

/** The five languages of the UI, each named in itself for the language switch. */
public final class UiLanguages {

    public record UiLanguage(String code, String name) {}

    public static final List<UiLanguage> ALL = List.of(
            new UiLanguage("en", "English"), new UiLanguage("fr", "Français"), new UiLanguage("de", "Deutsch"),
            new UiLanguage("es", "Español"), new UiLanguage("it", "Italiano"));

    public static final Locale DEFAULT = Locale.ENGLISH;

    private UiLanguages() {}

    public static boolean supported(String code) {
        return code != null && ALL.stream().anyMatch(l -> l.code().equals(code));
    }

    /** The supported locale for {@code locale}'s language, or English. */
    public static Locale normalize(Locale locale) {
        return locale != null && supported(locale.getLanguage()) ? Locale.of(locale.getLanguage()) : DEFAULT;
    }
}
