package dev.tramontane.engine.constrain;

import static dev.tramontane.engine.constrain.Frame.INFINITE;
import static dev.tramontane.engine.constrain.Frame.add;

/**
 * A compiled JSON Schema: a graph of value kinds ({@code $ref} may make it cyclic) that knows the
 * shortest document it admits ({@link #minBytes}) and opens a {@link Frame} to read one value.
 * The limits of {@link JsonLimits} are already folded in. Immutable once {@link SchemaCompiler} is done.
 */
abstract sealed class SchemaNode {

    /** Bytes of the shortest value this node admits; {@link Frame#INFINITE} if none is finite. Set by the compiler's fixpoint. */
    int minBytes = INFINITE;

    /** The frame that reads one value of this node, before its first byte; it resumes {@code parent} at the end. */
    abstract Frame open(Frame parent);

    /** {@link #minBytes} from the children's current values (one round of the fixpoint). */
    abstract int computeMinBytes();

    /** Called once every {@link #minBytes} is final. */
    void seal() {}

    /** A string with a length in characters between {@code minLength} and {@code maxLength}. */
    static final class StringNode extends SchemaNode {
        final int minLength;
        final int maxLength;

        StringNode(int minLength, int maxLength) {
            this.minLength = minLength;
            this.maxLength = maxLength;
        }

        @Override
        Frame open(Frame parent) {
            return StringFrame.start(parent, this);
        }

        @Override
        int computeMinBytes() {
            return minLength > maxLength ? INFINITE : 2 + minLength;
        }
    }

    /** A number, or with {@code integer} an integer written without fraction or exponent. */
    static final class NumberNode extends SchemaNode {
        final boolean integer;
        final int maxIntegerDigits;
        final int maxFractionDigits;
        final int maxExponentDigits;

        NumberNode(boolean integer, JsonLimits limits) {
            this.integer = integer;
            this.maxIntegerDigits = limits.maxIntegerDigits();
            this.maxFractionDigits = integer ? 0 : limits.maxFractionDigits();
            this.maxExponentDigits = integer ? 0 : limits.maxExponentDigits();
        }

        @Override
        Frame open(Frame parent) {
            return NumberFrame.start(parent, this);
        }

        @Override
        int computeMinBytes() {
            return 1;
        }
    }

    /** One of a fixed set of values ({@code enum}, {@code const}, {@code true}, {@code false}, {@code null}) as compact JSON bytes. */
    static final class LiteralNode extends SchemaNode {
        final byte[][] options;

        LiteralNode(byte[][] options) {
            this.options = options;
        }

        @Override
        Frame open(Frame parent) {
            return LiteralFrame.start(parent, options);
        }

        @Override
        int computeMinBytes() {
            int min = INFINITE;
            for (byte[] o : options) {
                min = Math.min(min, o.length);
            }
            return min;
        }
    }

    /**
     * An object with declared properties, written in declaration order; optional ones may be left
     * out. {@code keys[i]} is {@code "name":} as bytes. Undeclared properties are never written
     * (with {@code additionalProperties} absent or true that is a valid subset of the documents).
     */
    static final class ObjectNode extends SchemaNode {
        final byte[][] keys;
        final SchemaNode[] values;
        final boolean[] required;
        final boolean spaces;
        /** {@code restMin[i]}: bytes to close the object after a value when property {@code i} is the next one allowed. */
        int[] restMin;
        /** {@code lastCandidate[i]}: the last property that may come next when {@code i} is the next one allowed. */
        int[] lastCandidate;

        ObjectNode(byte[][] keys, SchemaNode[] values, boolean[] required, boolean spaces) {
            this.keys = keys;
            this.values = values;
            this.required = required;
            this.spaces = spaces;
        }

        @Override
        Frame open(Frame parent) {
            return ObjectFrame.start(parent, this);
        }

        @Override
        int computeMinBytes() {
            int sum = 2;
            int count = 0;
            for (int i = 0; i < keys.length; i++) {
                if (required[i]) {
                    sum = add(sum, add(keys[i].length, values[i].minBytes));
                    count++;
                }
            }
            return add(sum, Math.max(0, count - 1));
        }

        @Override
        void seal() {
            int n = keys.length;
            restMin = new int[n + 1];
            lastCandidate = new int[n + 1];
            restMin[n] = 1;
            lastCandidate[n] = n - 1;
            for (int i = n - 1; i >= 0; i--) {
                restMin[i] = required[i] ? add(restMin[i + 1], add(1 + keys[i].length, values[i].minBytes)) : restMin[i + 1];
                lastCandidate[i] = required[i] ? i : lastCandidate[i + 1];
            }
        }

        /** Whether a required property remains at index {@code i} or later (each adds to {@code restMin}). */
        boolean anyRequiredFrom(int i) {
            return restMin[i] > 1;
        }

        /** Bytes to finish after choosing property {@code j} with {@code keyBytesLeft} of its key still to write. */
        int viaProperty(int j, int keyBytesLeft) {
            return add(add(keyBytesLeft, values[j].minBytes), restMin[j + 1]);
        }
    }

    /** An object whose keys are free strings and whose values all follow {@code value} (any object, or {@code additionalProperties: schema}). */
    static final class MapNode extends SchemaNode {
        SchemaNode value;
        final StringNode key;
        final int maxEntries;
        final boolean spaces;

        MapNode(SchemaNode value, JsonLimits limits) {
            this.value = value;
            this.key = new StringNode(0, limits.maxStringChars());
            this.key.minBytes = key.computeMinBytes(); // not in the compiler's node list: a leaf, final at once
            this.maxEntries = limits.maxArrayItems();
            this.spaces = limits.allowSpaces();
        }

        @Override
        Frame open(Frame parent) {
            return MapFrame.start(parent, this);
        }

        @Override
        int computeMinBytes() {
            return 2;
        }
    }

    /** An array of {@code item}s, between {@code minItems} and {@code maxItems} of them. */
    static final class ArrayNode extends SchemaNode {
        SchemaNode item;
        final int minItems;
        final int maxItems;
        final boolean spaces;

        ArrayNode(SchemaNode item, int minItems, int maxItems, boolean spaces) {
            this.item = item;
            this.minItems = minItems;
            this.maxItems = maxItems;
            this.spaces = spaces;
        }

        @Override
        Frame open(Frame parent) {
            return ArrayFrame.start(parent, this);
        }

        @Override
        int computeMinBytes() {
            if (minItems > maxItems) {
                return INFINITE;
            }
            return minItems == 0 ? 2 : add(2 + (minItems - 1), mul(minItems, item.minBytes));
        }

        /** Bytes to close the array after {@code count} items. */
        int closeAfter(int count) {
            int missing = Math.max(0, minItems - count);
            return add(1, mul(missing, add(1, item.minBytes)));
        }
    }

    /** Any of several schemas; read in parallel by a {@link ForkFrame}. */
    static final class AnyOfNode extends SchemaNode {
        final SchemaNode[] options;

        AnyOfNode(SchemaNode[] options) {
            this.options = options;
        }

        @Override
        Frame open(Frame parent) {
            Frame[] frames = new Frame[options.length];
            for (int i = 0; i < options.length; i++) {
                frames[i] = options[i].open(parent);
            }
            return ForkFrame.of(frames, frames.length);
        }

        @Override
        int computeMinBytes() {
            int min = INFINITE;
            for (SchemaNode o : options) {
                min = Math.min(min, o.minBytes);
            }
            return min;
        }
    }

    /** A {@code $ref}, resolved after the whole schema is compiled so that references may be recursive. */
    static final class RefNode extends SchemaNode {
        final String ref;
        SchemaNode target;

        RefNode(String ref) {
            this.ref = ref;
        }

        @Override
        Frame open(Frame parent) {
            return target.open(parent);
        }

        @Override
        int computeMinBytes() {
            return target.minBytes;
        }
    }

    /** Any JSON value ({@code {}} as a schema, {@code json_object} mode), within the limits. */
    static final class AnyNode extends SchemaNode {
        final StringNode string;
        final NumberNode number;
        final LiteralNode literal;
        final MapNode object;
        final ArrayNode array;

        AnyNode(JsonLimits limits) {
            this.string = new StringNode(0, limits.maxStringChars());
            this.number = new NumberNode(false, limits);
            this.literal = new LiteralNode(new byte[][] {"true".getBytes(), "false".getBytes(), "null".getBytes()});
            this.object = new MapNode(this, limits);
            this.array = new ArrayNode(this, 0, limits.maxArrayItems(), limits.allowSpaces());
            for (SchemaNode n : new SchemaNode[] {string, number, literal, object, array}) {
                n.minBytes = n.computeMinBytes();
            }
            this.minBytes = 1;
        }

        @Override
        Frame open(Frame parent) {
            return new AnyValueFrame(parent, this);
        }

        @Override
        int computeMinBytes() {
            return 1;
        }
    }

    static int mul(int count, int bytes) {
        long p = (long) count * bytes;
        return (int) Math.min(INFINITE, p);
    }
}
