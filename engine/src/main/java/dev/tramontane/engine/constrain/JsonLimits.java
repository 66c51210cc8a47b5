package dev.tramontane.engine.constrain;

/**
 * Bounds the constrained JSON output, so that a model that keeps choosing "more" (one more
 * character, one more item, one more digit) is still forced to finish. The token budget given to
 * {@link JsonSchemaConstraint#start(int)} is the hard guarantee; these keep values sensible well
 * inside it. A schema's own {@code maxLength}/{@code maxItems} apply when smaller.
 *
 * @param maxStringChars    characters (code points; an escape counts as one) in any string, keys included
 * @param maxArrayItems     items in any array, and entries in an object with free keys
 * @param maxIntegerDigits  digits before the decimal point
 * @param maxFractionDigits digits after the decimal point ({@code number} only)
 * @param maxExponentDigits digits of an exponent ({@code number} only; 0 forbids exponents)
 * @param allowSpaces       whether one optional space may follow {@code :} and {@code ,} and precede
 *                          the document (the {@code json.dumps} style models are trained on); no
 *                          other whitespace is ever allowed, so a model cannot loop on blanks
 */
public record JsonLimits(int maxStringChars, int maxArrayItems, int maxIntegerDigits, int maxFractionDigits,
                         int maxExponentDigits, boolean allowSpaces) {

    public JsonLimits {
        if (maxStringChars < 1 || maxArrayItems < 1 || maxIntegerDigits < 1 || maxFractionDigits < 1 || maxExponentDigits < 0) {
            throw new IllegalArgumentException("JSON limits must be positive (exponent digits may be 0): " + this);
        }
        if (maxIntegerDigits > 18) {
            throw new IllegalArgumentException("maxIntegerDigits " + maxIntegerDigits + " exceeds 18; integers must fit in a long");
        }
    }

    /** 1024 characters, 64 items, 15 + 15 digits, 2-digit exponents, single spaces allowed. */
    public static JsonLimits defaults() {
        return new JsonLimits(1024, 64, 15, 15, 2, true);
    }

    public JsonLimits withMaxStringChars(int v) {
        return new JsonLimits(v, maxArrayItems, maxIntegerDigits, maxFractionDigits, maxExponentDigits, allowSpaces);
    }

    public JsonLimits withMaxArrayItems(int v) {
        return new JsonLimits(maxStringChars, v, maxIntegerDigits, maxFractionDigits, maxExponentDigits, allowSpaces);
    }

    public JsonLimits withAllowSpaces(boolean v) {
        return new JsonLimits(maxStringChars, maxArrayItems, maxIntegerDigits, maxFractionDigits, maxExponentDigits, v);
    }
}
