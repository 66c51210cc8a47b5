package dev.tramontane.webapp.web;

/** A document of the library as its row on the Documents page shows it. */
public record DocumentView(String id, String fileName, String collection, String state, int percent, int pagesDone,
        int pagesTotal, String error, boolean finished) {}
