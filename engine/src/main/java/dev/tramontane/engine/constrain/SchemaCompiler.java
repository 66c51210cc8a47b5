package dev.tramontane.engine.constrain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compiles the JSON Schema subset that OpenAI structured outputs accept into {@link SchemaNode}s:
 * {@code type} (one or a list) object / array / string / number / integer / boolean / null;
 * {@code properties}, {@code required}, {@code additionalProperties} (false, true, or a schema for
 * free-key objects); {@code items}, {@code minItems}, {@code maxItems}; {@code minLength},
 * {@code maxLength}; {@code enum}, {@code const}, {@code anyOf}; {@code $ref} to {@code #} or into
 * {@code $defs}/{@code definitions}, recursion included. Annotations ({@code description},
 * {@code title}, {@code format}, …) are ignored, as JSON Schema allows. Keywords that constrain
 * values in ways the recogniser cannot enforce are refused with an {@link UnsupportedSchemaException}
 * rather than silently ignored.
 */
final class SchemaCompiler {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private static final Set<String> UNSUPPORTED = Set.of("pattern", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf", "allOf", "oneOf", "not", "if", "then", "else", "patternProperties",
            "propertyNames", "minProperties", "maxProperties", "uniqueItems", "contains", "minContains", "maxContains",
            "prefixItems", "dependentRequired", "dependentSchemas", "dependencies", "unevaluatedProperties",
            "unevaluatedItems", "$dynamicRef", "$recursiveRef");

    private static final Set<String> NOT_VALUE_KEYWORDS = Set.of("title", "description", "$schema", "$id", "$anchor",
            "$comment", "default", "examples", "format", "deprecated", "readOnly", "writeOnly", "$defs", "definitions");

    private static final String SUPPORTED = "type, properties, required, additionalProperties, items, minItems, "
            + "maxItems, minLength, maxLength, enum, const, anyOf, $ref (#/$defs/…)";

    private final JsonNode document;
    private final JsonLimits limits;
    private final List<SchemaNode> nodes = new ArrayList<>();
    private final Map<String, SchemaNode> byPointer = new HashMap<>();
    private final Deque<SchemaNode.RefNode> unresolved = new ArrayDeque<>();
    private SchemaNode.AnyNode any;

    private SchemaCompiler(JsonNode document, JsonLimits limits) {
        this.document = document;
        this.limits = limits;
    }

    static SchemaNode compile(String schemaJson, JsonLimits limits) {
        JsonNode document;
        try {
            document = JSON.readTree(schemaJson);
        } catch (JacksonException e) {
            throw new UnsupportedSchemaException("the JSON schema is not valid JSON: " + e.getOriginalMessage());
        }
        return new SchemaCompiler(document, limits).compileDocument();
    }

    static SchemaNode anyJson(JsonLimits limits) {
        return new SchemaNode.AnyNode(limits);
    }

    private SchemaNode compileDocument() {
        SchemaNode root = compile(document, "#");
        byPointer.put("#", root);
        while (!unresolved.isEmpty()) {
            SchemaNode.RefNode ref = unresolved.pop();
            ref.target = byPointer.get(ref.ref);
            if (ref.target == null) {
                JsonNode target = document.at(ref.ref.substring(1));
                if (target.isMissingNode()) {
                    throw new UnsupportedSchemaException("$ref \"" + ref.ref + "\" points to nothing in the schema; define it under $defs");
                }
                ref.target = compile(target, ref.ref);
                byPointer.put(ref.ref, ref.target);
            }
        }
        // Shortest documents by fixpoint: values only shrink from "infinite", so this ends.
        boolean changed = true;
        while (changed) {
            changed = false;
            for (SchemaNode node : nodes) {
                int m = node.computeMinBytes();
                if (m < node.minBytes) {
                    node.minBytes = m;
                    changed = true;
                }
            }
        }
        for (SchemaNode node : nodes) {
            node.seal();
        }
        if (root.minBytes >= Frame.INFINITE) {
            throw new UnsupportedSchemaException("the schema admits no finite JSON document within the limits " + limits
                    + " (a required property that recurses forever, minItems above maxItems or above the limit's maxArrayItems, minLength above maxLength or above maxStringChars); fix the schema or raise the limits");
        }
        return root;
    }

    private <T extends SchemaNode> T add(T node) {
        nodes.add(node);
        return node;
    }

    private SchemaNode any() {
        if (any == null) {
            any = new SchemaNode.AnyNode(limits);
        }
        return any;
    }

    private SchemaNode compile(JsonNode schema, String at) {
        if (schema.isBoolean()) {
            if (schema.booleanValue()) {
                return any();
            }
            throw new UnsupportedSchemaException("the schema at " + at + " is false, which admits no value");
        }
        if (!schema.isObject()) {
            throw new UnsupportedSchemaException("the schema at " + at + " is " + schema.getNodeType()
                    + "; a schema must be an object or a boolean");
        }
        List<String> valueKeywords = new ArrayList<>();
        for (String keyword : schema.propertyNames()) {
            if (UNSUPPORTED.contains(keyword)) {
                throw new UnsupportedSchemaException("the schema at " + at + " uses \"" + keyword
                        + "\", which constrained decoding does not enforce; remove it or express it with: " + SUPPORTED);
            }
            if (!NOT_VALUE_KEYWORDS.contains(keyword)) {
                valueKeywords.add(keyword);
            }
        }
        if (schema.has("$ref")) {
            requireAlone(valueKeywords, "$ref", at);
            String ref = schema.get("$ref").asString();
            if (!ref.startsWith("#")) {
                throw new UnsupportedSchemaException("$ref \"" + ref + "\" at " + at
                        + " points outside the schema; only references within it (#/$defs/…) are supported");
            }
            SchemaNode.RefNode node = add(new SchemaNode.RefNode(ref));
            unresolved.push(node);
            return node;
        }
        if (schema.has("anyOf")) {
            requireAlone(valueKeywords, "anyOf", at);
            JsonNode options = schema.get("anyOf");
            if (!options.isArray() || options.isEmpty()) {
                throw new UnsupportedSchemaException("anyOf at " + at + " must be a non-empty array of schemas");
            }
            SchemaNode[] compiled = new SchemaNode[options.size()];
            for (int i = 0; i < compiled.length; i++) {
                compiled[i] = compile(options.get(i), at + "/anyOf/" + i);
            }
            return compiled.length == 1 ? compiled[0] : add(new SchemaNode.AnyOfNode(compiled));
        }
        List<String> types = types(schema, at);
        if (schema.has("const") || schema.has("enum")) {
            return literal(schema, types, at);
        }
        if (types.isEmpty()) {
            return any();
        }
        SchemaNode[] alternatives = new SchemaNode[types.size()];
        for (int i = 0; i < alternatives.length; i++) {
            alternatives[i] = ofType(types.get(i), schema, at);
        }
        return alternatives.length == 1 ? alternatives[0] : add(new SchemaNode.AnyOfNode(alternatives));
    }

    private static void requireAlone(List<String> valueKeywords, String keyword, String at) {
        if (valueKeywords.size() > 1) {
            throw new UnsupportedSchemaException("the schema at " + at + " combines \"" + keyword + "\" with " + valueKeywords
                    + "; move those keywords into the referenced schema or into each alternative");
        }
    }

    /** The listed types, or the one implied by the keywords present (properties imply object, …), or none for any value. */
    private static List<String> types(JsonNode schema, String at) {
        JsonNode type = schema.get("type");
        List<String> types = new ArrayList<>();
        if (type == null) {
            if (schema.has("properties") || schema.has("required") || schema.has("additionalProperties")) {
                types.add("object");
            } else if (schema.has("items") || schema.has("minItems") || schema.has("maxItems")) {
                types.add("array");
            } else if (schema.has("minLength") || schema.has("maxLength")) {
                types.add("string");
            }
            return types;
        }
        for (JsonNode t : type.isArray() ? type.values() : List.of(type)) {
            String name = t.asString();
            if (!Set.of("object", "array", "string", "number", "integer", "boolean", "null").contains(name)) {
                throw new UnsupportedSchemaException("the schema at " + at + " has type \"" + name
                        + "\"; JSON Schema types are object, array, string, number, integer, boolean, null");
            }
            types.add(name);
        }
        return types;
    }

    private SchemaNode literal(JsonNode schema, List<String> types, String at) {
        List<JsonNode> values = new ArrayList<>();
        if (schema.has("const")) {
            values.add(schema.get("const"));
        } else {
            JsonNode e = schema.get("enum");
            if (!e.isArray() || e.isEmpty()) {
                throw new UnsupportedSchemaException("enum at " + at + " must be a non-empty array");
            }
            e.values().forEach(values::add);
        }
        Map<String, byte[]> options = new LinkedHashMap<>();
        for (JsonNode v : values) {
            if (types.isEmpty() || types.stream().anyMatch(t -> hasType(v, t))) {
                byte[] bytes = JSON.writeValueAsBytes(v);
                options.putIfAbsent(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), bytes);
            }
        }
        if (options.isEmpty()) {
            throw new UnsupportedSchemaException("no value of enum/const at " + at + " has the type " + types);
        }
        return add(new SchemaNode.LiteralNode(options.values().toArray(byte[][]::new)));
    }

    private static boolean hasType(JsonNode v, String type) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isString();
            case "number" -> v.isNumber();
            case "integer" -> v.isIntegralNumber();
            case "boolean" -> v.isBoolean();
            default -> v.isNull();
        };
    }

    private SchemaNode ofType(String type, JsonNode schema, String at) {
        return switch (type) {
            case "string" -> {
                int min = nonNegative(schema, "minLength", 0, at);
                int max = Math.min(nonNegative(schema, "maxLength", Integer.MAX_VALUE, at), limits.maxStringChars());
                yield add(new SchemaNode.StringNode(min, max));
            }
            case "number" -> add(new SchemaNode.NumberNode(false, limits));
            case "integer" -> add(new SchemaNode.NumberNode(true, limits));
            case "boolean" -> add(new SchemaNode.LiteralNode(new byte[][] {"true".getBytes(), "false".getBytes()}));
            case "null" -> add(new SchemaNode.LiteralNode(new byte[][] {"null".getBytes()}));
            case "array" -> array(schema, at);
            default -> object(schema, at);
        };
    }

    private SchemaNode array(JsonNode schema, String at) {
        int min = nonNegative(schema, "minItems", 0, at);
        int max = Math.min(nonNegative(schema, "maxItems", Integer.MAX_VALUE, at), limits.maxArrayItems());
        JsonNode items = schema.get("items");
        if (items != null && items.isArray()) {
            throw new UnsupportedSchemaException("items at " + at + " is an array (tuple form); use prefixItems-free \"items\": {schema}");
        }
        SchemaNode item = items == null ? any() : compile(items, at + "/items");
        return add(new SchemaNode.ArrayNode(item, min, max, limits.allowSpaces()));
    }

    private SchemaNode object(JsonNode schema, String at) {
        JsonNode properties = schema.get("properties");
        JsonNode additional = schema.get("additionalProperties");
        boolean closed = additional != null && additional.isBoolean() && !additional.booleanValue();
        Map<String, JsonNode> declared = new LinkedHashMap<>();
        if (properties != null) {
            if (!properties.isObject()) {
                throw new UnsupportedSchemaException("properties at " + at + " must be an object of schemas");
            }
            properties.properties().forEach(e -> declared.put(e.getKey(), e.getValue()));
        }
        List<String> required = new ArrayList<>();
        JsonNode req = schema.get("required");
        if (req != null) {
            for (JsonNode name : req.values()) {
                required.add(name.asString());
            }
        }
        for (String name : required) {
            if (!declared.containsKey(name)) {
                if (closed) {
                    throw new UnsupportedSchemaException("property \"" + name + "\" at " + at
                            + " is required but not declared, and additionalProperties is false: no object can match");
                }
                declared.put(name, additional != null && additional.isObject() ? additional : JSON.getNodeFactory().booleanNode(true));
            }
        }
        if (declared.isEmpty() && !closed) {
            SchemaNode value = additional != null && additional.isObject() ? compile(additional, at + "/additionalProperties") : any();
            return add(new SchemaNode.MapNode(value, limits));
        }
        int n = declared.size();
        byte[][] keys = new byte[n][];
        SchemaNode[] values = new SchemaNode[n];
        boolean[] isRequired = new boolean[n];
        int i = 0;
        for (Map.Entry<String, JsonNode> e : declared.entrySet()) {
            byte[] quoted = JSON.writeValueAsBytes(e.getKey());
            keys[i] = java.util.Arrays.copyOf(quoted, quoted.length + 1);
            keys[i][quoted.length] = ':';
            values[i] = compile(e.getValue(), at + "/properties/" + e.getKey());
            isRequired[i] = required.contains(e.getKey());
            i++;
        }
        return add(new SchemaNode.ObjectNode(keys, values, isRequired, limits.allowSpaces()));
    }

    private static int nonNegative(JsonNode schema, String keyword, int absent, String at) {
        JsonNode v = schema.get(keyword);
        if (v == null) {
            return absent;
        }
        if (!v.canConvertToInt() || v.intValue() < 0) {
            throw new UnsupportedSchemaException(keyword + " at " + at + " is " + v + "; it must be a non-negative integer");
        }
        return v.intValue();
    }
}
