package dev.tramontane.tools.calls;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Random tool argument schemas of the shapes tools really have: strings (with and without
 * maxLength), integers, numbers, booleans, string enums, nested objects, short arrays, some
 * properties required and some not, unknown properties refused.
 */
final class RandomToolSchemas {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> WORDS = List.of("city", "unit", "amount", "query", "date", "page", "limit", "tags",
            "address", "count", "enabled", "level", "currency", "language", "title", "options", "zip", "ratio");

    private final Random random;

    RandomToolSchemas(long seed) {
        this.random = new Random(seed);
    }

    String objectSchema(int depth) {
        return JSON.writeValueAsString(object(depth));
    }

    private ObjectNode object(int depth) {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        Set<String> names = new LinkedHashSet<>();
        int count = 1 + random.nextInt(4);
        while (names.size() < count) {
            names.add(WORDS.get(random.nextInt(WORDS.size())));
        }
        ArrayNode required = JSON.createArrayNode();
        for (String name : names) {
            properties.set(name, value(depth));
            if (random.nextInt(3) > 0) {
                required.add(name);
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private ObjectNode value(int depth) {
        int kind = random.nextInt(depth > 0 ? 8 : 6);
        ObjectNode v = JSON.createObjectNode();
        switch (kind) {
            case 0 -> v.put("type", "string").put("description", "free text");
            case 1 -> v.put("type", "string").put("maxLength", 1 + random.nextInt(16));
            case 2 -> v.put("type", "integer");
            case 3 -> v.put("type", "number");
            case 4 -> v.put("type", "boolean");
            case 5 -> {
                ArrayNode values = v.put("type", "string").putArray("enum");
                List<String> options = new ArrayList<>(List.of("celsius", "fahrenheit", "metric", "imperial", "low", "high", "fr", "de"));
                int n = 2 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    values.add(options.remove(random.nextInt(options.size())));
                }
            }
            case 6 -> v.setAll(object(depth - 1));
            default -> {
                v.put("type", "array").put("maxItems", 1 + random.nextInt(3));
                v.set("items", random.nextBoolean() ? JSON.createObjectNode().put("type", "integer")
                        : JSON.createObjectNode().put("type", "string").put("maxLength", 8));
            }
        }
        return v;
    }
}
