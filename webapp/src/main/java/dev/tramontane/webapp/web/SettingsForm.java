package dev.tramontane.webapp.web;

/**
 * The Settings form as posted; checked by {@link SettingsPageController} before it is saved. The
 * model file has its own form and button ({@link ModelLoadPageController}).
 */
public record SettingsForm(Double temperature, Integer maxTokens, String collection, Integer topK,
        Boolean hybrid, String answerLanguage) {}
