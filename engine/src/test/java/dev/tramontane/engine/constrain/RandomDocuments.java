package dev.tramontane.engine.constrain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes random documents that a schema accepts, in the form the grammar promises to accept:
 * properties in schema order (optional ones sometimes left out), compact, with a single space after
 * some {@code :} and {@code ,} when spaces are allowed, scalars as Jackson writes them. Written
 * independently of the grammar, to catch a recogniser that refuses what it should allow.
 */
final class RandomDocuments {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String CHARS = "aZ9 _-é日🦙\"\\/\n\t\u0001\u007f€ß";

    private final Random random;
    private final JsonNode root;
    private final JsonLimits limits;

    RandomDocuments(long seed, JsonNode root, JsonLimits limits) {
        this.random = new Random(seed);
        this.root = root;
        this.limits = limits;
    }

    String next() {
        StringBuilder out = new StringBuilder();
        if (limits.allowSpaces() && random.nextBoolean()) {
            out.append(' ');
        }
        write(root, 4, out);
        return out.toString();
    }

    private void write(JsonNode schema, int depth, StringBuilder out) {
        if (schema.isBoolean() || schema.isEmpty() || onlyAnnotations(schema)) {
            any(depth, out);
            return;
        }
        if (schema.has("$ref")) {
            write(root.at(schema.get("$ref").asString().substring(1)), depth - 1, out);
            return;
        }
        if (schema.has("anyOf")) {
            JsonNode options = schema.get("anyOf");
            write(options.get(random.nextInt(options.size())), depth, out);
            return;
        }
        if (schema.has("const")) {
            out.append(JSON.writeValueAsString(schema.get("const")));
            return;
        }
        List<String> types = new ArrayList<>();
        JsonNode type = schema.get("type");
        if (type != null) {
            (type.isArray() ? type.values() : List.of(type)).forEach(t -> types.add(t.asString()));
        }
        if (schema.has("enum")) {
            List<JsonNode> values = new ArrayList<>();
            for (JsonNode v : schema.get("enum").values()) {
                if (types.isEmpty() || types.contains("string") && v.isString()) {
                    values.add(v);
                }
            }
            out.append(JSON.writeValueAsString(values.get(random.nextInt(values.size()))));
            return;
        }
        String chosen = types.isEmpty() ? "object" : types.get(random.nextInt(types.size()));
        switch (chosen) {
            case "string" -> {
                int min = schema.path("minLength").asInt(0);
                int max = Math.min(schema.path("maxLength").asInt(Integer.MAX_VALUE), limits.maxStringChars());
                out.append(JSON.writeValueAsString(text(min + random.nextInt(Math.min(max, min + 12) - min + 1))));
            }
            case "integer" -> out.append(random.nextInt(2_000_001) - 1_000_000);
            case "number" -> out.append(random.nextBoolean() ? JSON.writeValueAsString((random.nextInt(200001) - 100000) / 100.0)
                    : (random.nextInt(9) + 1) + "e" + (random.nextBoolean() ? "-" : "") + random.nextInt(20));
            case "boolean" -> out.append(random.nextBoolean());
            case "null" -> out.append("null");
            case "array" -> {
                int min = schema.path("minItems").asInt(0);
                int max = Math.min(schema.path("maxItems").asInt(Integer.MAX_VALUE), limits.maxArrayItems());
                int n = depth <= 0 ? min : min + random.nextInt(Math.min(max, min + 3) - min + 1);
                out.append('[');
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        comma(out);
                    }
                    write(schema.has("items") ? schema.get("items") : JSON.getNodeFactory().objectNode(), depth - 1, out);
                }
                out.append(']');
            }
            default -> object(schema, depth, out);
        }
    }

    private void object(JsonNode schema, int depth, StringBuilder out) {
        JsonNode properties = schema.get("properties");
        List<String> required = new ArrayList<>();
        schema.path("required").values().forEach(r -> required.add(r.asString()));
        out.append('{');
        boolean first = true;
        if (properties == null || properties.isEmpty()) {
            JsonNode additional = schema.get("additionalProperties");
            boolean closed = additional != null && additional.isBoolean() && !additional.booleanValue();
            int n = closed || depth <= 0 ? 0 : random.nextInt(Math.min(3, limits.maxArrayItems()) + 1);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    comma(out);
                }
                out.append(JSON.writeValueAsString(text(random.nextInt(4)))).append(':');
                space(out);
                write(additional != null && additional.isObject() ? additional : JSON.getNodeFactory().objectNode(), depth - 1, out);
            }
        } else {
            for (Map.Entry<String, JsonNode> p : properties.properties()) {
                if (!required.contains(p.getKey()) && (depth <= 0 || random.nextBoolean())) {
                    continue;
                }
                if (!first) {
                    comma(out);
                }
                first = false;
                out.append(JSON.writeValueAsString(p.getKey())).append(':');
                space(out);
                write(p.getValue(), depth - 1, out);
            }
        }
        out.append('}');
    }

    private void any(int depth, StringBuilder out) {
        int kind = random.nextInt(depth > 0 ? 7 : 5);
        switch (kind) {
            case 0 -> out.append(JSON.writeValueAsString(text(random.nextInt(5))));
            case 1 -> out.append(random.nextInt(1000) - 500);
            case 2 -> out.append("-0.25e+3");
            case 3 -> out.append(random.nextBoolean());
            case 4 -> out.append("null");
            case 5 -> write(JSON.readTree("{\"type\":\"array\"}"), depth - 1, out);
            default -> write(JSON.readTree("{\"type\":\"object\"}"), depth - 1, out);
        }
    }

    private String text(int codePoints) {
        StringBuilder s = new StringBuilder();
        int[] cps = CHARS.codePoints().toArray();
        for (int i = 0; i < codePoints; i++) {
            s.appendCodePoint(cps[random.nextInt(cps.length)]);
        }
        return s.toString();
    }

    private void comma(StringBuilder out) {
        out.append(',');
        space(out);
    }

    private void space(StringBuilder out) {
        if (limits.allowSpaces() && random.nextBoolean()) {
            out.append(' ');
        }
    }

    private static boolean onlyAnnotations(JsonNode schema) {
        for (String k : schema.propertyNames()) {
            if (!k.equals("description") && !k.equals("title")) {
                return false;
            }
        }
        return true;
    }
}
