package dev.tramontane.webapp.web;

import java.util.List;

/** One numbered source as the sources panel shows it. */
public record CitationView(int number, String anchor, String title, int page, String href, List<SnippetSegment> snippet) {}
