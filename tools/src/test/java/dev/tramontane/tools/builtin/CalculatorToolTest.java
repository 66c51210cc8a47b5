package dev.tramontane.tools.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;

class CalculatorToolTest {

    private final CalculatorTool calculator = new CalculatorTool();

    private String calc(String expression) {
        return calculator.calculate(expression).result();
    }

    @Test
    void decimalArithmeticIsExactWhereBinaryFloatingPointIsNot() {
        assertThat(calc("0.1 + 0.2")).isEqualTo("0.3");
        assertThat(calc("1.1 * 1.1")).isEqualTo("1.21");
        assertThat(calc("(1250 * 1.2) / 8")).isEqualTo("187.5");
        assertThat(calc("2 ^ 64")).isEqualTo("18446744073709551616");
    }

    @Test
    void nonTerminatingResultsCarryThirtyFourSignificantDigits() {
        assertThat(calc("1 / 3")).isEqualTo("0." + "3".repeat(34));
        assertThat(calc("SQRT(2)")).startsWith("1.41421356237309504880168872420969");
    }

    @Test
    void precedenceParenthesesFunctionsAndComparisonsFollowMathematics() {
        assertThat(calc("2 + 3 * 4")).isEqualTo("14");
        assertThat(calc("(2 + 3) * 4")).isEqualTo("20");
        assertThat(calc("-2 ^ 2")).isEqualTo("4");
        assertThat(calc("ROUND(2.675, 2)")).isEqualTo("2.68");
        assertThat(calc("MAX(3, 7) % 4")).isEqualTo("3");
        assertThat(calc("1 < 2")).isEqualTo("true");
    }

    @Test
    void veryLargeAndVerySmallResultsUseScientificNotation() {
        assertThat(calc("10 ^ 40")).isEqualTo("1E+40");
        assertThat(calc("1 / 10 ^ 12")).isEqualTo("1E-12");
    }

    @Test
    void divisionByZeroUnknownNamesAndBrokenSyntaxAreClearErrors() {
        assertThatThrownBy(() -> calc("1 / 0")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 / 0");
        assertThatThrownBy(() -> calc("x + 1")).hasMessageContaining("unknown names [x]");
        assertThatThrownBy(() -> calc("(1 + ")).hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> calc(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> calc("1+".repeat(300) + "1")).hasMessageContaining("the limit is 500");
    }

    @Test
    void theModelSeesAnExpressionParameterAndGetsTheResultAsJson() {
        ToolCallback tool = MethodToolCallbackProvider.builder().toolObjects(calculator).build().getToolCallbacks()[0];
        assertThat(tool.getToolDefinition().name()).isEqualTo("calculator");
        assertThat(tool.getToolDefinition().inputSchema()).contains("\"expression\"");
        assertThat(tool.call("{\"expression\": \"6 * 7\"}")).isEqualTo("{\"expression\":\"6 * 7\",\"result\":\"42\"}");
    }
}
