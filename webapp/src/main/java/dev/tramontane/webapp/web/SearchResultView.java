package dev.tramontane.webapp.web;

import java.util.List;

/** One passage found by the Documents page's search box. */
public record SearchResultView(String title, int page, String href, String collection, List<SnippetSegment> snippet) {}
