package dev.tramontane.webapp.chat;

/**
 * What the user chose on the Settings page; applies to the next chat turn.
 *
 * @param collection     the collection searched for sources; blank = all collections
 * @param topK           passages handed to the model per question
 * @param hybrid         keyword (BM25) and vector search fused; off = keyword search only
 * @param answerLanguage ISO 639-1 code of the answers' language, or {@code auto} = the question's language
 * @param temperature    sampling temperature (0 = greedy)
 * @param maxTokens      the longest answer, in tokens
 */
public record ChatSettings(String collection, int topK, boolean hybrid, String answerLanguage, double temperature,
        int maxTokens) {

    public static final String AUTO = "auto";

    public ChatSettings {
        collection = collection == null ? "" : collection.strip();
        answerLanguage = answerLanguage == null || answerLanguage.isBlank() ? AUTO : answerLanguage;
    }

    public boolean autoLanguage() {
        return AUTO.equals(answerLanguage);
    }
}
