package dev.tramontane.webapp.chat;

/** Who wrote a stored message. */
public enum ChatRole { USER, ASSISTANT }
