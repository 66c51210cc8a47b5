package dev.tramontane.rag.ingest.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.jsoup.Jsoup;

/**
 * Reads Markdown with commonmark-java and lays it out as plain text: headings (ATX and Setext) become
 * heading spans, paragraphs and list items paragraphs, code blocks keep their lines, markup characters
 * are gone. Offsets therefore refer to this plain text, not to the Markdown source. Page 1.
 */
public final class MarkdownReader implements DocumentReader {

    private final Parser parser = Parser.builder().build();

    @Override
    public PageSource open(Path file, String fileName) throws IOException {
        String source = TextDecoder.decode(Files.readAllBytes(file), fileName);
        Node document = parser.parse(source);
        StructuredTextBuilder builder = new StructuredTextBuilder();
        String[] title = new String[1];
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                String text = inlineText(heading);
                if (title[0] == null && heading.getLevel() == 1) {
                    title[0] = text;
                }
                builder.heading(text, heading.getLevel());
            }

            @Override
            public void visit(Paragraph paragraph) {
                builder.paragraph(inlineText(paragraph));
            }

            @Override
            public void visit(FencedCodeBlock code) {
                builder.paragraph(code.getLiteral());
            }

            @Override
            public void visit(IndentedCodeBlock code) {
                builder.paragraph(code.getLiteral());
            }

            @Override
            public void visit(HtmlBlock html) {
                builder.paragraph(Jsoup.parse(html.getLiteral()).text());
            }
        });
        return new ListPageSource(builder.pages(), title[0]);
    }

    private static String inlineText(Node parent) {
        StringBuilder text = new StringBuilder();
        appendInline(parent, text);
        return text.toString();
    }

    private static void appendInline(Node parent, StringBuilder text) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNext()) {
            switch (node) {
                case Text literal -> text.append(literal.getLiteral());
                case Code code -> text.append(code.getLiteral());
                case SoftLineBreak ignored -> text.append(' ');
                case HardLineBreak ignored -> text.append('\n');
                case HtmlInline ignored -> { }
                default -> appendInline(node, text);
            }
        }
    }
}
