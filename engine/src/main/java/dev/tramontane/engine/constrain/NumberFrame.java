package dev.tramontane.engine.constrain;

/**
 * A JSON number, {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, with the digit counts
 * bounded by the limits (an integer node allows neither fraction nor exponent). A number has no
 * closing byte: after a digit it may end, and the byte that does not fit goes to the parent.
 */
final class NumberFrame extends Frame {

    private static final byte START = 0;
    private static final byte MINUS = 1;
    private static final byte ZERO = 2;
    private static final byte INT = 3;
    private static final byte DOT = 4;
    private static final byte FRACTION = 5;
    private static final byte EXP = 6;
    private static final byte EXP_SIGN = 7;
    private static final byte EXP_DIGITS = 8;

    private final SchemaNode.NumberNode node;
    private final byte phase;
    private final int digits;

    private NumberFrame(Frame parent, SchemaNode.NumberNode node, byte phase, int digits) {
        super(parent, isEndable(phase) ? 0 : 1);
        this.node = node;
        this.phase = phase;
        this.digits = digits;
    }

    static NumberFrame start(Frame parent, SchemaNode.NumberNode node) {
        return new NumberFrame(parent, node, START, 0);
    }

    private static boolean isEndable(byte phase) {
        return phase == ZERO || phase == INT || phase == FRACTION || phase == EXP_DIGITS;
    }

    @Override
    boolean canFinish() {
        return isEndable(phase);
    }

    @Override
    Frame step(int b) {
        boolean digit = b >= '0' && b <= '9';
        switch (phase) {
            case START:
                if (b == '-') {
                    return next(MINUS, 0);
                }
                // fall through: the first digit
            case MINUS:
                if (!digit) {
                    return null;
                }
                return b == '0' ? next(ZERO, 1) : next(INT, 1);
            case ZERO:
            case INT:
                if (digit && phase == INT && digits < node.maxIntegerDigits) {
                    return next(INT, digits + 1);
                }
                if (b == '.' && node.maxFractionDigits > 0) {
                    return next(DOT, 0);
                }
                if ((b == 'e' || b == 'E') && node.maxExponentDigits > 0) {
                    return next(EXP, 0);
                }
                return parent.step(b);
            case DOT:
                return digit ? next(FRACTION, 1) : null;
            case FRACTION:
                if (digit && digits < node.maxFractionDigits) {
                    return next(FRACTION, digits + 1);
                }
                if ((b == 'e' || b == 'E') && node.maxExponentDigits > 0) {
                    return next(EXP, 0);
                }
                return parent.step(b);
            case EXP:
                if (b == '+' || b == '-') {
                    return next(EXP_SIGN, 0);
                }
                // fall through: the first exponent digit
            case EXP_SIGN:
                return digit ? next(EXP_DIGITS, 1) : null;
            default:
                if (digit && digits < node.maxExponentDigits) {
                    return next(EXP_DIGITS, digits + 1);
                }
                return parent.step(b);
        }
    }

    private NumberFrame next(byte phase, int digits) {
        return new NumberFrame(parent, node, phase, digits);
    }

    @Override
    public String toString() {
        return "Number[phase " + phase + ", " + digits + " digits]";
    }
}
