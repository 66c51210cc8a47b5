package dev.tramontane.webapp.web;

/** How many documents the library holds, for the home page. */
@FunctionalInterface
public interface DocumentCount {
    long count();
}
