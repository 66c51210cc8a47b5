package dev.tramontane.webapp.chat;

import java.util.Map;

/** The five languages answers are written in, with the names the model's instructions use. */
public final class AnswerLanguage {

    private static final Map<String, String> NAMES = Map.of(
            "en", "English", "fr", "French (français)", "de", "German (Deutsch)", "es", "Spanish (español)",
            "it", "Italian (italiano)");

    private AnswerLanguage() {}

    public static boolean supported(String code) {
        return NAMES.containsKey(code);
    }

    /** The name of {@code code} for the model's instructions; unknown codes mean English. */
    public static String nameOf(String code) {
        return NAMES.getOrDefault(code, NAMES.get("en"));
    }

    /** The answer's language: the setting, or the question's own language when the setting is auto. */
    public static String choose(ChatSettings settings, String detectedQuestionLanguage) {
        if (!settings.autoLanguage() && supported(settings.answerLanguage())) {
            return settings.answerLanguage();
        }
        return supported(detectedQuestionLanguage) ? detectedQuestionLanguage : "en";
    }
}
