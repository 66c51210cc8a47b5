package dev.tramontane.engine.cli;

import dev.tramontane.engine.generate.GenerationListener;
import dev.tramontane.engine.generate.GenerationResult;
import dev.tramontane.engine.generate.Generator;
import dev.tramontane.engine.model.KvCacheType;
import dev.tramontane.engine.model.Model;
import dev.tramontane.engine.sampling.SamplingParams;
import dev.tramontane.engine.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code generate --model FILE --prompt TEXT [sampling flags]}: continues the prompt, streaming the
 * new text to stdout as it is produced; statistics go to stderr. The prompt is tokenized as
 * llama.cpp's CLI does: BOS first (when the vocabulary asks for it), special-token text parsed.
 */
final class GenerateCommand {

    static final String HELP = """
            Usage: tramontane generate --model FILE --prompt TEXT [options]
              Continues TEXT and streams it, then the new text, to stdout.
              --no-display-prompt    print only the new text
            """ + SamplingOptions.HELP;

    private GenerateCommand() {}

    static int run(String[] rawArgs, PrintStream out, PrintStream err) throws IOException {
        Set<String> valued = new HashSet<>(SamplingOptions.VALUED);
        valued.addAll(Set.of("--model", "--prompt"));
        CliArguments args = CliArguments.parse("generate", rawArgs, valued, Set.of("--no-display-prompt"), aliases());
        if (!args.positional().isEmpty()) {
            throw new UsageException("generate: unexpected argument " + args.positional().getFirst());
        }
        Path modelPath = Path.of(args.require("generate", "--model"));
        String prompt = args.require("generate", "--prompt");
        SamplingParams params = SamplingOptions.from(args);
        KvCacheType kvType = SamplingOptions.kvCacheType(args, "generate");
        try (Model model = ModelLoading.load(modelPath, err, kvType, ModelLoading.WarmUp.byDefault(),
                SamplingOptions.repack(args, "generate"))) {
            int context = SamplingOptions.contextLength(args, model.config().contextLength());
            Tokenizer tokenizer = model.tokenizer();
            int[] promptTokens = tokenizer.encode(prompt, tokenizer.vocabulary().addBos(), true);
            if (!args.has("--no-display-prompt")) {
                out.print(prompt);
                out.flush();
            }
            GenerationResult result = new Generator(model, kvType).generate(promptTokens, params, context, new GenerationListener() {
                @Override
                public void onText(String text) {
                    out.print(text);
                    out.flush();
                }
            });
            out.println();
            out.flush();
            err.printf(Locale.ROOT, "[%d prompt tokens at %.1f tok/s, %d generated at %.1f tok/s, stopped: %s]%n",
                    promptTokens.length, result.promptTokensPerSecond(), result.generatedTokens().length,
                    result.tokensPerSecond(), result.stopReason());
        }
        return 0;
    }

    static Map<String, String> aliases() {
        Map<String, String> aliases = new java.util.HashMap<>(SamplingOptions.ALIASES);
        aliases.put("-m", "--model");
        aliases.put("-p", "--prompt");
        return aliases;
    }
}
