package dev.tramontane.engine.cli;

import dev.tramontane.engine.model.KvCacheType;
import dev.tramontane.engine.sampling.SamplingParams;
import java.util.Map;
import java.util.Set;

/** The sampling flags shared by {@code generate} and {@code chat}, with llama.cpp's names. */
final class SamplingOptions {

    static final Set<String> VALUED = Set.of("--temperature", "--temp", "--top-k", "--top-p", "--min-p", "--repeat-penalty",
            "--frequency-penalty", "--presence-penalty", "--repeat-last-n", "--seed", "--max-tokens", "--stop", "--ctx-size",
            "--kv-type", "--repack");
    static final Map<String, String> ALIASES = Map.of("-n", "--max-tokens", "-s", "--seed", "-c", "--ctx-size", "--temp", "--temperature");

    static final String HELP = """
              --temperature T        0 = greedy (default 0.8)
              --top-k K              keep the K most likely tokens, 0 = all (default 40)
              --top-p P              nucleus sampling, 1 = off (default 0.95)
              --min-p P              drop tokens below P × the best one's probability (default 0.05)
              --repeat-penalty R     penalise recent tokens, 1 = off (default 1.0)
              --frequency-penalty F  subtract F per recent occurrence (default 0)
              --presence-penalty P   subtract P once per recent token (default 0)
              --repeat-last-n N      how many recent tokens the penalties see, -1 = all (default 64)
              --seed S               same seed, same output (default: random)
              -n, --max-tokens N     at most N new tokens, -1 = until EOS (default 256)
              --stop TEXT            stop before TEXT (repeatable)
              -c, --ctx-size N       KV cache positions (default: the model's context, at most 4096)
              --kv-type T            KV cache type: F16 (default), Q8_0 (half the memory) or F32 (exact)
              --repack on|off        copy Q4_0, Q8_0 and Q4_K–Q6_K weights into a faster decode layout at load (default off)
            """;

    private SamplingOptions() {}

    static SamplingParams from(CliArguments args) {
        SamplingParams d = SamplingParams.defaults();
        try {
            return new SamplingParams(
                    args.getFloat("--temperature", d.temperature()),
                    args.getInt("--top-k", d.topK()),
                    args.getFloat("--top-p", d.topP()),
                    args.getFloat("--min-p", d.minP()),
                    args.getFloat("--repeat-penalty", d.repetitionPenalty()),
                    args.getFloat("--frequency-penalty", d.frequencyPenalty()),
                    args.getFloat("--presence-penalty", d.presencePenalty()),
                    args.getInt("--repeat-last-n", d.penaltyLastN()),
                    args.getLong("--seed", d.seed()),
                    args.getInt("--max-tokens", d.maxTokens()),
                    args.all("--stop"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The {@code --kv-type} option, {@link KvCacheType#DEFAULT} when absent. */
    static KvCacheType kvCacheType(CliArguments args, String command) {
        String v = args.get("--kv-type");
        if (v == null) {
            return KvCacheType.DEFAULT;
        }
        try {
            return KvCacheType.parse(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException(command + ": --kv-type: " + e.getMessage());
        }
    }

    /** The {@code --repack on|off} option: whether to repack the weights after loading ({@link dev.tramontane.engine.model.Model#repack}). */
    static boolean repack(CliArguments args, String command) {
        String v = args.get("--repack");
        if (v == null) {
            return false;
        }
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new UsageException(command + ": --repack must be on or off, not " + v);
        };
    }

    static int contextLength(CliArguments args, int modelContext) {
        int requested = args.getInt("--ctx-size", Math.min(modelContext, 4096));
        if (requested <= 0 || requested > modelContext) {
            throw new UsageException("--ctx-size " + requested + " is outside 1.." + modelContext + ", the model's context length");
        }
        return requested;
    }
}
