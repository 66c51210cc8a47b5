package dev.tramontane.webapp.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.springframework.stereotype.Component;

/**
 * Renders untrusted Markdown (model answers quoting document text) to HTML that is safe to put in a
 * page: raw HTML in the input is escaped, not passed through; link and image URLs with unsafe schemes
 * ({@code javascript:}, {@code data:}…) are dropped by commonmark's URL sanitizer; images are not
 * loaded (alt text only). Citation markers {@code [n]} become links to source {@code n} of the
 * message's sources panel.
 */
@Component
public class SafeMarkdown {

    private static final Pattern CITATION = Pattern.compile("\\[(\\d{1,2})\\]");

    private final Parser parser = Parser.builder().build();
    private final HtmlRenderer renderer = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            .nodeRendererFactory(context -> new AltTextImageRenderer(context))
            .build();

    /** HTML for {@code markdown}; citations link to {@code #<anchorPrefix><n>} when {@code citations} ≥ n. */
    public String render(String markdown, String anchorPrefix, int citations) {
        Node document = parser.parse(markdown == null ? "" : markdown);
        if (citations > 0) {
            document.accept(new CitationLinker(anchorPrefix, citations));
        }
        return renderer.render(document);
    }

    /** Replaces {@code [n]} in text nodes (not in code) by a link to source n. */
    private static final class CitationLinker extends AbstractVisitor {
        private final String prefix;
        private final int count;

        CitationLinker(String prefix, int count) {
            this.prefix = prefix;
            this.count = count;
        }

        @Override
        public void visit(Link link) {
            // text inside a link stays as it is: links may not nest
        }

        @Override
        public void visit(Text text) {
            String literal = text.getLiteral();
            Matcher m = CITATION.matcher(literal);
            int last = 0;
            Node anchor = text;
            boolean changed = false;
            while (m.find()) {
                int n = Integer.parseInt(m.group(1));
                if (n < 1 || n > count) {
                    continue;
                }
                changed = true;
                if (m.start() > last) {
                    anchor = insertAfter(anchor, new Text(literal.substring(last, m.start())));
                }
                Link link = new Link("#" + prefix + n, null);
                link.appendChild(new Text("[" + n + "]"));
                anchor = insertAfter(anchor, link);
                last = m.end();
            }
            if (changed) {
                if (last < literal.length()) {
                    insertAfter(anchor, new Text(literal.substring(last)));
                }
                text.unlink();
            }
        }

        private static Node insertAfter(Node anchor, Node node) {
            anchor.insertAfter(node);
            return node;
        }
    }

    /** Images in untrusted text would make the browser fetch any URL; show their alt text instead. */
    private static final class AltTextImageRenderer implements org.commonmark.renderer.NodeRenderer {
        private final org.commonmark.renderer.html.HtmlNodeRendererContext context;

        AltTextImageRenderer(org.commonmark.renderer.html.HtmlNodeRendererContext context) {
            this.context = context;
        }

        @Override
        public java.util.Set<Class<? extends Node>> getNodeTypes() {
            return java.util.Set.of(org.commonmark.node.Image.class);
        }

        @Override
        public void render(Node node) {
            StringBuilder alt = new StringBuilder();
            for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
                if (child instanceof Text t) {
                    alt.append(t.getLiteral());
                }
            }
            context.getWriter().text(alt.isEmpty() ? "[image]" : "[" + alt + "]");
        }
    }

}
