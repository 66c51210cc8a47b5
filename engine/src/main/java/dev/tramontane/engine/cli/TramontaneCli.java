package dev.tramontane.engine.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;

/**
 * The engine's command line: {@code inspect}, {@code generate}, {@code chat}, {@code logits},
 * {@code synth}, {@code quantize}, {@code bench}.
 * Plain Java (no Spring), started by the {@code tramontane} launcher. Exit codes: 0 success,
 * 1 a failure at run time (unreadable or unsupported file…), 2 a command line that cannot be understood.
 */
public final class TramontaneCli {

    static final String USAGE = """
            Usage: tramontane <command> [options]

            Commands:
              inspect FILE                         metadata, tensors, parameter counts and memory of a GGUF file
              generate --model FILE --prompt TEXT  continue a prompt, streaming text (sampling flags: generate --help)
              chat --model FILE                    interactive chat on stdin/stdout with the model's chat template
              logits --model FILE (--prompt TEXT | --tokens 1,2,3) [--top K] [--gen N]
                                                   top logits per position as JSON, for comparison with llama.cpp
              synth --out FILE [--dim N --layers N --experts N --type MIX …]
                                                   write a random-weight llama/Mixtral model of any shape
              quantize IN OUT TYPE                 re-encode an F32/F16/BF16 model as Q8_0, Q4_0, Q4_K_M, Q5_K_M, Q6_K
              bench --model FILE [--threads N --pp N --tg N --reps N --json]
                                                   prompt and generation tokens/s, as llama-bench measures them

            Options:
              --help, -h      this help (or: tramontane <command> --help)
              --version, -V   the version
            """;

    private TramontaneCli() {}

    public static void main(String[] args) {
        int code = run(args, System.in, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs one command line; returns the exit code. Output goes to {@code out}, diagnostics to {@code err}. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
                String help = switch (command) {
                    case "inspect" -> InspectCommand.HELP;
                    case "generate" -> GenerateCommand.HELP;
                    case "chat" -> ChatCommand.HELP;
                    case "logits" -> LogitsCommand.HELP;
                    case "synth" -> SynthCommand.HELP;
                    case "quantize" -> QuantizeCommand.HELP;
                    case "bench" -> BenchCommand.HELP;
                    default -> null;
                };
                if (help != null) {
                    out.print(help);
                    return 0;
                }
            }
            return switch (command) {
                case "--help", "-h", "help" -> {
                    out.print(USAGE);
                    yield 0;
                }
                case "--version", "-V", "version" -> {
                    out.println("tramontane " + version());
                    yield 0;
                }
                case "inspect" -> InspectCommand.run(rest, out, err);
                case "generate" -> GenerateCommand.run(rest, out, err);
                case "chat" -> ChatCommand.run(rest, in, out, err);
                case "logits" -> LogitsCommand.run(rest, out, err);
                case "synth" -> SynthCommand.run(rest, out, err);
                case "quantize" -> QuantizeCommand.run(rest, out, err);
                case "bench" -> BenchCommand.run(rest, out, err);
                default -> throw new UsageException("unknown command \"" + command + "\"");
            };
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.print(USAGE);
            return 2;
        } catch (NoSuchFileException e) {
            err.println("error: " + e.getFile() + ": no such file");
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        }
    }

    static String version() {
        String version = TramontaneCli.class.getPackage().getImplementationVersion();
        return version != null ? version : "0.1.0-SNAPSHOT (development build)";
    }
}
