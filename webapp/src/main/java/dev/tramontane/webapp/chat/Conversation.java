package dev.tramontane.webapp.chat;

import java.time.Instant;

/** One conversation of the browser chat, as listed in the sidebar. */
public record Conversation(String id, String title, Instant createdAt, Instant updatedAt) {}
