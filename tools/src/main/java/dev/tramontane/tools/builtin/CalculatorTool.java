package dev.tramontane.tools.builtin;

import com.ezylang.evalex.EvaluationException;
import com.ezylang.evalex.Expression;
import com.ezylang.evalex.config.ExpressionConfiguration;
import com.ezylang.evalex.data.EvaluationValue;
import com.ezylang.evalex.parser.ParseException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Set;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/**
 * The built-in {@code calculator} tool: language models are bad at arithmetic, so they hand it an
 * expression. Evaluated by EvalEx in decimal (BigDecimal, 34 significant digits), so
 * {@code 0.1 + 0.2} is exactly {@code 0.3}; no script engine, no variables, nothing but arithmetic
 * and EvalEx's math functions.
 */
public class CalculatorTool {

    /** Long enough for any sensible calculation, short enough that parsing is instant. */
    static final int MAX_EXPRESSION_LENGTH = 500;

    private static final ExpressionConfiguration CONFIGURATION = ExpressionConfiguration.builder()
            .mathContext(MathContext.DECIMAL128)
            .arraysAllowed(false)
            .structuresAllowed(false)
            .build();

    /** The expression as evaluated and its value in plain decimal notation (scientific when very large or small). */
    public record Calculation(String expression, String result) {}

    @Tool(name = "calculator",
            description = "Evaluates an arithmetic expression exactly (decimal arithmetic, 34 significant digits) and returns "
                    + "the result. Operators: + - * / ^ % and parentheses; functions such as SQRT(x), ROUND(x, digits), "
                    + "ABS(x), MIN(a, b), MAX(a, b), LOG(x), LOG10(x), SIN(degrees), COS(degrees); constants PI and E. "
                    + "Use it for any calculation instead of computing in your head.")
    public Calculation calculate(
            @ToolParam(description = "the expression, for example (1250 * 1.2) / 7 or SQRT(2) ^ 2") String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("the expression is empty; give one such as 2 * (3 + 4)");
        }
        String text = expression.strip();
        if (text.length() > MAX_EXPRESSION_LENGTH) {
            throw new IllegalArgumentException("the expression has " + text.length() + " characters; the limit is "
                    + MAX_EXPRESSION_LENGTH + ". Split the calculation into steps");
        }
        Expression parsed = new Expression(text, CONFIGURATION);
        EvaluationValue value;
        try {
            Set<String> unknown = parsed.getUndefinedVariables();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("the expression uses unknown names " + unknown
                        + "; write numbers instead (constants: PI, E)");
            }
            value = parsed.evaluate();
        } catch (ParseException e) {
            throw new IllegalArgumentException("the expression '" + text + "' cannot be read: " + e.getMessage(), e);
        } catch (EvaluationException e) {
            throw new IllegalArgumentException("the expression '" + text + "' cannot be evaluated: " + e.getMessage(), e);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the expression '" + text + "' has no numeric value: " + e.getMessage(), e);
        }
        if (value.isBooleanValue()) {
            return new Calculation(text, value.getBooleanValue().toString());
        }
        if (!value.isNumberValue()) {
            throw new IllegalArgumentException("the expression '" + text + "' is not arithmetic (its value is "
                    + value.getValue() + ")");
        }
        return new Calculation(text, format(value.getNumberValue()));
    }

    static String format(BigDecimal number) {
        BigDecimal n = number.round(MathContext.DECIMAL128).stripTrailingZeros();
        if (n.signum() == 0) {
            return "0";
        }
        int exponent = n.precision() - n.scale() - 1;
        return exponent >= -10 && exponent < 34 ? n.toPlainString() : n.toString();
    }
}
