package dev.tramontane.engine.cli;

import dev.tramontane.engine.convert.GgufQuantizer;
import dev.tramontane.engine.convert.QuantizationMix;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code quantize IN OUT TYPE}: a float GGUF re-encoded in one of llama.cpp's mixes. */
final class QuantizeCommand {

    static final String HELP = """
            Usage: tramontane quantize IN.gguf OUT.gguf TYPE [--verbose]
              Re-encodes a model with F32/F16/BF16 weights as TYPE: Q8_0, Q4_0, Q4_K_M, Q5_K_M, Q6_K
              (or F16), giving each tensor the type llama.cpp's llama-quantize gives it in that mix.
              --verbose   list every tensor's old and new type
            """;

    private QuantizeCommand() {}

    static int run(String[] rawArgs, PrintStream out, PrintStream err) throws IOException {
        CliArguments args = CliArguments.parse("quantize", rawArgs, Set.of(), Set.of("--verbose"), Map.of("-v", "--verbose"));
        if (args.positional().size() != 3) {
            throw new UsageException("quantize: give IN.gguf OUT.gguf TYPE");
        }
        Path in = Path.of(args.positional().get(0));
        Path outPath = Path.of(args.positional().get(1));
        QuantizationMix mix;
        try {
            mix = QuantizationMix.parse(args.positional().get(2));
        } catch (IllegalArgumentException e) {
            throw new UsageException("quantize: " + e.getMessage());
        }
        long start = System.nanoTime();
        GgufQuantizer.Result result = GgufQuantizer.quantize(in, outPath, mix, name -> err.print("\rquantizing " + name + "\u001b[K"));
        err.println();
        if (args.has("--verbose")) {
            result.tensorTypes().forEach(out::println);
        }
        out.printf(Locale.ROOT, "wrote %s (%s) from %s (%s) as %s in %.1f s%n", outPath, Sizes.bytes(result.outputBytes()),
                in, Sizes.bytes(result.inputBytes()), mix, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
