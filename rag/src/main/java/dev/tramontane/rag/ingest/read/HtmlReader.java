package dev.tramontane.rag.ingest.read;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Reads HTML with jsoup (which takes the charset from the BOM or {@code <meta charset>}, UTF-8 otherwise):
 * {@code h1}–{@code h6} become headings, block elements become paragraphs, scripts, styles and
 * navigation are dropped. The whole page is page 1.
 */
public final class HtmlReader implements DocumentReader {

    private static final Set<String> SKIPPED = Set.of("script", "style", "noscript", "template", "nav", "head", "svg");
    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "main", "header", "footer",
            "aside", "blockquote", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "figure",
            "figcaption", "address", "form", "fieldset", "hr", "br", "body");

    @Override
    public PageSource open(Path file, String fileName) throws IOException {
        Document document;
        try {
            document = Jsoup.parse(file.toFile(), null);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableDocumentException("HTML file '" + fileName + "' cannot be parsed (" + e.getMessage()
                    + "); save it again as UTF-8 HTML and upload it", e);
        }
        StructuredTextBuilder builder = new StructuredTextBuilder();
        new Walker(builder).walk(document.body());
        return new ListPageSource(builder.pages(), document.title());
    }

    private static final class Walker {
        private final StructuredTextBuilder builder;
        private final StringBuilder inline = new StringBuilder();

        Walker(StructuredTextBuilder builder) {
            this.builder = builder;
        }

        void walk(Element body) {
            visit(body);
            flush();
        }

        private void visit(Node node) {
            if (node instanceof TextNode textNode) {
                inline.append(textNode.getWholeText());
                return;
            }
            if (!(node instanceof Element element)) {
                return;
            }
            String tag = element.normalName();
            if (SKIPPED.contains(tag)) {
                return;
            }
            if (tag.length() == 2 && tag.charAt(0) == 'h' && tag.charAt(1) >= '1' && tag.charAt(1) <= '6') {
                flush();
                builder.heading(element.text(), tag.charAt(1) - '0');
                return;
            }
            if (tag.equals("pre")) {
                flush();
                builder.paragraph(element.wholeText());
                return;
            }
            boolean block = BLOCKS.contains(tag);
            if (block) {
                flush();
            }
            for (Node child : element.childNodes()) {
                visit(child);
            }
            if (block) {
                flush();
            }
        }

        private void flush() {
            builder.paragraph(inline.toString().replaceAll("\\s+", " "));
            inline.setLength(0);
        }
    }
}
