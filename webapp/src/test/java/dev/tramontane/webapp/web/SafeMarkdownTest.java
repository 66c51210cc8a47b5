package dev.tramontane.webapp.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeMarkdownTest {

    private final SafeMarkdown markdown = new SafeMarkdown();

    @Test
    void rawHtmlIsEscapedNotRendered() {
        String html = markdown.render("<script>alert(1)</script>\n\nand <img src=x onerror=alert(2)> inline", "s-", 0);
        assertThat(html).doesNotContain("<script", "<img").contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;");
    }

    @Test
    void unsafeLinkSchemesAreDroppedAndImagesBecomeTheirAltText() {
        String html = markdown.render("[a](javascript:alert(1)) [b](https://example.org/x) ![tracker](https://evil.example/p.png)", "s-", 0);
        assertThat(html).doesNotContain("javascript:", "<img").contains("href=\"https://example.org/x\"").contains("[tracker]");
    }

    @Test
    void markdownStillRenders() {
        assertThat(markdown.render("**bold** and `code`\n\n- item", "s-", 0))
                .contains("<strong>bold</strong>", "<code>code</code>", "<li>item</li>");
    }

    @Test
    void citationsBecomeLinksToTheirSourcesOnlyWhenTheSourceExists() {
        String html = markdown.render("Keeper [1], tower [2] and [7].", "src-9-", 2);
        assertThat(html).contains("href=\"#src-9-1\">[1]</a>", "href=\"#src-9-2\">[2]</a>", " and [7].");
    }

    @Test
    void citationMarkersInCodeStayCode() {
        assertThat(markdown.render("`array[1]`", "s-", 3)).contains("<code>array[1]</code>").doesNotContain("href");
    }

    @Test
    void snippetSegmentsUnescapeTextAndKeepOnlyTheMarks() {
        assertThat(SnippetSegment.parse("a &lt;b&gt; <mark>keeper</mark> &amp; c"))
                .containsExactly(new SnippetSegment("a <b> ", false), new SnippetSegment("keeper", true), new SnippetSegment(" & c", false));
    }
}
