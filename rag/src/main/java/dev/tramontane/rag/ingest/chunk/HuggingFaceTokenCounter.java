package dev.tramontane.rag.ingest.chunk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

/**
 * Counts tokens exactly as an embedding model sees them, with the model's own Hugging Face
 * {@code tokenizer.json} (the same tokenizer the ONNX embedding model runs). Use it with the embedding model
 * in use: the bundled MiniLM has an English WordPiece vocabulary that cuts French, German, Spanish and
 * Italian words into many pieces, so the {@link ApproximateTokenCounter} undercounts those languages and a
 * chunk could pass the model's 256-token window and be embedded only in part.
 */
public final class HuggingFaceTokenCounter implements TokenCounter, AutoCloseable {

    /**
     * Classpath name of the bundled all-MiniLM-L6-v2 tokenizer (the one {@code EmbeddingModels.bundled}
     * loads).
     */
    public static final String BUNDLED_MINILM_TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

    /** Counting must see the whole text: no truncation, no padding, no [CLS]/[SEP]. */
    private static final Map<String, String> COUNTING = Map.of("truncation", "false", "padding", "false",
            "addSpecialTokens", "false");

    private final HuggingFaceTokenizer tokenizer;

    private HuggingFaceTokenCounter(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** The tokenizer of the bundled default embedding model. */
    public static HuggingFaceTokenCounter bundledMiniLm() {
        return fromClasspath(BUNDLED_MINILM_TOKENIZER);
    }

    public static HuggingFaceTokenCounter fromClasspath(String resource) {
        try (InputStream in = HuggingFaceTokenCounter.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("tokenizer " + resource + " is not on the class path; "
                        + "add the artifact that bundles it or use fromFile(tokenizer.json)");
            }
            return new HuggingFaceTokenCounter(HuggingFaceTokenizer.newInstance(in, COUNTING));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer " + resource + " from the class path", e);
        }
    }

    /** The tokenizer of a user-supplied ONNX embedding model ({@code tokenizer.json} beside it). */
    public static HuggingFaceTokenCounter fromFile(Path tokenizerJson) {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new IllegalArgumentException("tokenizer file " + tokenizerJson
                    + " does not exist; point it at the embedding model's tokenizer.json");
        }
        try {
            return new HuggingFaceTokenCounter(HuggingFaceTokenizer.newInstance(tokenizerJson, COUNTING));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer " + tokenizerJson, e);
        }
    }

    @Override
    public int count(CharSequence text) {
        return tokenizer.encode(text.toString(), false, false).getIds().length;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
