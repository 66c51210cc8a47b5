package dev.tramontane.tools.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;

class UnitConversionToolTest {

    private final UnitConversionTool tool = new UnitConversionTool();

    private String convert(String value, String from, String to) {
        return tool.convert(new BigDecimal(value), from, to).result().toPlainString();
    }

    @ParameterizedTest(name = "{0} {1} = {3} {2}")
    @CsvSource({
            "1, mi, km, 1.609344",
            "10, km, m, 10000",
            "12, in, ft, 1",
            "1, nmi, m, 1852",
            "1, lb, g, 453.59237",
            "16, oz, lb, 1",
            "1, st, lb, 14",
            "100, C, F, 212",
            "-40, F, C, -40",
            "0, K, C, -273.15",
            "98.6, F, C, 37",
            "1, gal, l, 3.785411784",
            "1, imp_gal, l, 4.54609",
            "1, cup, tbsp, 16",
            "3, tsp, tbsp, 1",
            "90, km/h, m/s, 25",
            "1, kn, km/h, 1.852",
            "60, mph, km/h, 96.56064",
            "1, acre, m2, 4046.8564224",
            "1, ha, m2, 10000",
            "1, mi2, acre, 640",
            "1.5, h, min, 90",
            "1, week, s, 604800",
            "1, year, day, 365.25",
            "1, GiB, MiB, 1024",
            "1, GB, B, 1000000000",
            "8, bit, B, 1",
            "1, TiB, GB, 1099.511627776"
    })
    void convertsWithTheExactDefiningFactors(String value, String from, String to, String expected) {
        assertThat(convert(value, from, to)).isEqualTo(expected);
    }

    @Test
    void ratiosThatDoNotTerminateAreRoundedOnlyOnceToThirtyFourDigits() {
        // 100 km/h = 100000/1609.344 mph = 62.13711922373339696174341843633182…
        assertThat(convert("100", "km/h", "mph")).isEqualTo("62.13711922373339696174341843633182");
    }

    @Test
    void unitNamesAndSymbolsAreAcceptedInAnyCase() {
        assertThat(convert("1", "Kilometres", "MILES")).isEqualTo("0.6213711922373339696174341843633182");
        assertThat(convert("20", "°C", "fahrenheit")).isEqualTo("68");
        assertThat(tool.convert(BigDecimal.ONE, "mb", "kb").to()).isEqualTo("kB");
    }

    @Test
    void incompatibleUnitsAreRefusedNamingBothDimensionsAndTheirUnits() {
        assertThatThrownBy(() -> convert("1", "kg", "m"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot convert mass (kg) to length (m)")
                .hasMessageContaining("m converts to [mm, cm, m, km")
                .hasMessageContaining("kg to [mg, g, kg");
    }

    @Test
    void anUnknownUnitListsTheKnownOnes() {
        assertThatThrownBy(() -> convert("1", "furlong", "m")).hasMessageContaining("unknown unit 'furlong'")
                .hasMessageContaining("length [mm, cm, m, km, in, ft, yd, mi, nmi]");
    }

    @Test
    void theModelCallsItWithJsonAndReadsTheResultAsJson() {
        ToolCallback callback = MethodToolCallbackProvider.builder().toolObjects(tool).build().getToolCallbacks()[0];
        assertThat(callback.getToolDefinition().name()).isEqualTo("convert_units");
        assertThat(callback.call("{\"value\": 0.1, \"from\": \"km\", \"to\": \"m\"}"))
                .isEqualTo("{\"value\":0.1,\"from\":\"km\",\"result\":100,\"to\":\"m\"}");
    }
}
