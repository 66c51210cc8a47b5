package dev.tramontane.engine.constrain;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** A seeded generator of JSON Schemas over every feature constrained decoding supports (public: the serving tests use it too). */
public final class RandomSchemas {

    private static final JsonNodeFactory F = JsonMapper.builder().build().getNodeFactory();
    private static final String[] KEYS = {"a", "ab", "abc", "name", "id", "kind", "city", "clé", "with space", "quo\"te", "日本", "x", "value"};
    private static final String[] WORDS = {"red", "green", "circle", "square", "é", "日本語", "a\"b", "back\\slash", "", "tab\there", "🦙"};

    private final Random random;

    public RandomSchemas(long seed) {
        this.random = new Random(seed);
    }

    /** A schema; sometimes a recursive one through {@code $defs}. */
    public ObjectNode next() {
        if (random.nextInt(8) == 0) {
            return recursive();
        }
        return schema(3);
    }

    private ObjectNode recursive() {
        ObjectNode node = object(List.of("v", "children"), List.of(schema(1), array(ref("#/$defs/node"))), random.nextBoolean() ? List.of("v") : List.of());
        ObjectNode root = F.objectNode();
        root.putObject("$defs").set("node", node);
        if (random.nextBoolean()) {
            root.put("$ref", "#/$defs/node");
        } else {
            root.put("type", "object");
            root.putObject("properties").set("root", ref("#/$defs/node"));
            root.putArray("required").add("root");
            root.put("additionalProperties", false);
        }
        return root;
    }

    private static ObjectNode ref(String target) {
        ObjectNode r = F.objectNode();
        r.put("$ref", target);
        return r;
    }

    private ObjectNode schema(int depth) {
        int kind = random.nextInt(depth > 0 ? 14 : 9);
        ObjectNode s = F.objectNode();
        switch (kind) {
            case 0 -> {
                s.put("type", "string");
                if (random.nextBoolean()) {
                    int min = random.nextInt(4);
                    s.put("minLength", min);
                    s.put("maxLength", min + random.nextInt(10));
                }
            }
            case 1 -> s.put("type", "number");
            case 2 -> s.put("type", "integer");
            case 3 -> s.put("type", "boolean");
            case 4 -> s.put("type", "null");
            case 5 -> {
                ArrayNode e = s.putArray("enum");
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    e.add(WORDS[random.nextInt(WORDS.length)]);
                }
                if (random.nextBoolean()) {
                    s.put("type", "string");
                }
            }
            case 6 -> {
                ArrayNode e = s.putArray("enum");
                e.add(1).add(12).add(-3.5).addNull().add(true).add("x");
                e.addObject().put("k", 1);
                e.addArray().add(1).add(2);
            }
            case 7 -> s.set("const", random.nextBoolean() ? F.stringNode(WORDS[random.nextInt(WORDS.length)]) : F.numberNode(random.nextInt(100)));
            case 8 -> {
                ArrayNode types = s.putArray("type");
                types.add(random.nextBoolean() ? "string" : "integer").add("null");
            }
            case 9, 10 -> {
                int n = random.nextInt(5);
                List<String> names = new ArrayList<>();
                List<JsonNode> values = new ArrayList<>();
                List<String> required = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String key = KEYS[random.nextInt(KEYS.length)];
                    if (names.contains(key)) {
                        continue;
                    }
                    names.add(key);
                    values.add(schema(depth - 1));
                    if (random.nextInt(3) > 0) {
                        required.add(key);
                    }
                }
                s = object(names, values, required);
                if (random.nextInt(6) == 0) {
                    s.remove("additionalProperties");
                }
            }
            case 11 -> {
                s = array(schema(depth - 1));
                if (random.nextBoolean()) {
                    int min = random.nextInt(3);
                    s.put("minItems", min);
                    s.put("maxItems", min + random.nextInt(4));
                }
            }
            case 12 -> {
                ArrayNode any = s.putArray("anyOf");
                int n = 2 + random.nextInt(2);
                for (int i = 0; i < n; i++) {
                    any.add(schema(depth - 1));
                }
            }
            default -> {
                if (random.nextBoolean()) {
                    s.put("type", "object");
                    s.set("additionalProperties", schema(depth - 1));
                } else if (random.nextBoolean()) {
                    s.put("description", "any value");
                } else {
                    s.put("type", "object");
                }
            }
        }
        return s;
    }

    private static ObjectNode object(List<String> names, List<? extends JsonNode> values, List<String> required) {
        ObjectNode s = F.objectNode();
        s.put("type", "object");
        ObjectNode props = s.putObject("properties");
        for (int i = 0; i < names.size(); i++) {
            props.set(names.get(i), values.get(i));
        }
        ArrayNode req = s.putArray("required");
        required.forEach(req::add);
        s.put("additionalProperties", false);
        return s;
    }

    private static ObjectNode array(JsonNode items) {
        ObjectNode s = F.objectNode();
        s.put("type", "array");
        s.set("items", items);
        return s;
    }
}
