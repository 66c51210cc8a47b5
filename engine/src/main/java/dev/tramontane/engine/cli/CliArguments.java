package dev.tramontane.engine.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of one subcommand: {@code --name value}, {@code --name=value}, short aliases and
 * flags without a value; everything else is positional. Unknown options are errors, so a typo
 * never silently changes nothing.
 */
final class CliArguments {

    private final Map<String, List<String>> values = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    /**
     * @param valued  option names (with dashes) that take a value
     * @param flags   option names that take none
     * @param aliases short name to long name, e.g. {@code -n → --max-tokens}
     */
    static CliArguments parse(String command, String[] args, Set<String> valued, Set<String> flags, Map<String, String> aliases) {
        CliArguments parsed = new CliArguments();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-")) {
                parsed.positional.add(arg);
                continue;
            }
            String name = arg;
            String inlineValue = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inlineValue = arg.substring(eq + 1);
            }
            name = aliases.getOrDefault(name, name);
            if (flags.contains(name)) {
                parsed.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valued.contains(name)) {
                String value = inlineValue;
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(command + ": option " + name + " needs a value");
                    }
                    value = args[++i];
                }
                parsed.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException(command + ": unknown option " + arg);
            }
        }
        return parsed;
    }

    List<String> positional() {
        return positional;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name) {
        List<String> list = values.get(name);
        return list == null ? null : list.getLast();
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    String require(String command, String name) {
        String value = get(name);
        if (value == null) {
            throw new UsageException(command + ": " + name + " is required");
        }
        return value;
    }

    int getInt(String name, int dflt) {
        String value = get(name);
        if (value == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("option " + name + " needs a whole number, not \"" + value + "\"");
        }
    }

    long getLong(String name, long dflt) {
        String value = get(name);
        if (value == null) {
            return dflt;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("option " + name + " needs a whole number, not \"" + value + "\"");
        }
    }

    float getFloat(String name, float dflt) {
        String value = get(name);
        if (value == null) {
            return dflt;
        }
        try {
            return Float.parseFloat(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("option " + name + " needs a number, not \"" + value + "\"");
        }
    }
}
