package dev.tramontane.tools.builtin;

import java.math.BigDecimal;
import java.math.MathContext;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/**
 * The built-in {@code convert_units} tool: length, mass, temperature, volume, speed, area, time and
 * data sizes, with the exact defining factors ({@link Unit}) and decimal arithmetic, so
 * 1 mi → 1.609344 km exactly. Converting between dimensions (kg → m) is refused with a message
 * that lists the units of both.
 */
public class UnitConversionTool {

    /** The conversion as done: the value in the source and target units, with their canonical names. */
    public record Conversion(BigDecimal value, String from, BigDecimal result, String to) {}

    @Tool(name = "convert_units",
            description = "Converts a value between units of the same kind: length (mm, cm, m, km, in, ft, yd, mi, nmi), "
                    + "mass (mg, g, kg, t, oz, lb, st), temperature (C, F, K), volume (ml, cl, l, m3, tsp, tbsp, cup, "
                    + "fl_oz, pt, qt, gal, imp_gal), speed (m/s, km/h, mph, kn, ft/s), area (mm2, cm2, m2, ha, km2, "
                    + "in2, ft2, yd2, acre, mi2), time (ns, us, ms, s, min, h, day, week, year), data (bit, B, kB, MB, "
                    + "GB, TB, KiB, MiB, GiB, TiB). US customary volumes unless imp_.")
    public Conversion convert(
            @ToolParam(description = "the number to convert") BigDecimal value,
            @ToolParam(description = "the unit of the value, for example km, lb, C, mph") String from,
            @ToolParam(description = "the unit to convert to, for example mi, kg, F, km/h") String to) {
        if (value == null) {
            throw new IllegalArgumentException("no value was given; give the number to convert");
        }
        Unit source = Unit.parse(from);
        Unit target = Unit.parse(to);
        if (source.dimension() != target.dimension()) {
            throw new IllegalArgumentException("cannot convert " + source.dimension().label() + " (" + source.symbol()
                    + ") to " + target.dimension().label() + " (" + target.symbol() + "); " + target.symbol()
                    + " converts to " + Unit.symbolsOf(target.dimension()) + ", " + source.symbol() + " to "
                    + Unit.symbolsOf(source.dimension()));
        }
        BigDecimal result = source.convert(value, target).round(MathContext.DECIMAL128).stripTrailingZeros();
        if (result.scale() < 0) {
            result = result.setScale(0);
        }
        return new Conversion(value, source.symbol(), result, target.symbol());
    }
}
