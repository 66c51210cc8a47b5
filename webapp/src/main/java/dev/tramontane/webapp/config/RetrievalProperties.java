package dev.tramontane.webapp.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retrieval settings under {@code tramontane.rag.*}.
 *
 * @param onnxModel     a user-supplied ONNX embedding model (e.g. multilingual-e5-small); none means the bundled
 *                      all-MiniLM-L6-v2
 * @param onnxTokenizer the Hugging Face {@code tokenizer.json} that belongs to {@code onnxModel}
 * @param freedictDir   where Debian's FreeDict dictionaries are installed; used, when present, to translate
 *                      German/Spanish/French/Italian queries for the English keyword leg
 * @param topK          passages handed to the model per question
 * @param ingestThreads documents ingested in parallel
 */
@ConfigurationProperties("tramontane.rag")
public record RetrievalProperties(
        Path onnxModel,
        Path onnxTokenizer,
        @DefaultValue("/usr/share/dictd") Path freedictDir,
        @DefaultValue("6") int topK,
        @DefaultValue("1") int ingestThreads) {}
