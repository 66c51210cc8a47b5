package dev.tramontane.webapp.web;

/** A conversation in the sidebar list. */
public record ConversationView(String id, String title, boolean active) {}
