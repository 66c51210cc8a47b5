package dev.tramontane.engine.serve;

import java.util.Objects;

/** What shape the generated text must have. Anything but {@link Text} is enforced by a token constraint (see {@link ConstraintCompiler}). */
public sealed interface ResponseFormat {

    /** Free text. */
    record Text() implements ResponseFormat {}

    /** Any syntactically valid JSON value (OpenAI's {@code json_object}). */
    record AnyJson() implements ResponseFormat {}

    /** JSON valid against {@code schemaJson} (OpenAI's {@code json_schema}). */
    record JsonSchema(String schemaJson) implements ResponseFormat {
        public JsonSchema {
            Objects.requireNonNull(schemaJson, "schemaJson");
        }
    }

    ResponseFormat TEXT = new Text();
    ResponseFormat ANY_JSON = new AnyJson();

    static ResponseFormat jsonSchema(String schemaJson) {
        return new JsonSchema(schemaJson);
    }

    default boolean isConstrained() {
        return !(this instanceof Text);
    }
}
