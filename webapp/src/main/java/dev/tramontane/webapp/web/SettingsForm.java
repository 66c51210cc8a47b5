package dev.tramontane.webapp.web;

/** The Settings form as posted; checked by {@link SettingsPageController} before it is saved. */
public record SettingsForm(String modelPath, Double temperature, Integer maxTokens, String collection, Integer topK,
        Boolean hybrid, String answerLanguage) {}
