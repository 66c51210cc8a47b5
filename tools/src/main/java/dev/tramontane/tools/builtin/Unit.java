package dev.tramontane.tools.builtin;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A unit of {@link UnitConversionTool}: its dimension and the exact definition in the dimension's
 * base unit, {@code base = (value + offset) × numerator / denominator}. The factors are the legal
 * definitions (international yard and pound of 1959, US liquid gallon of 231 in³, imperial gallon
 * of 4.54609 l), so conversions are exact wherever the decimal result terminates. Temperatures are
 * the only units with an offset. A year is the Julian year (365.25 days), as astronomy uses.
 */
enum Unit {
    MILLIMETRE(Dimension.LENGTH, "mm", "0.001", "1", "millimeter", "millimetre", "millimeters", "millimetres"),
    CENTIMETRE(Dimension.LENGTH, "cm", "0.01", "1", "centimeter", "centimetre", "centimeters", "centimetres"),
    METRE(Dimension.LENGTH, "m", "1", "1", "meter", "metre", "meters", "metres"),
    KILOMETRE(Dimension.LENGTH, "km", "1000", "1", "kilometer", "kilometre", "kilometers", "kilometres"),
    INCH(Dimension.LENGTH, "in", "0.0254", "1", "inch", "inches", "\""),
    FOOT(Dimension.LENGTH, "ft", "0.3048", "1", "foot", "feet", "'"),
    YARD(Dimension.LENGTH, "yd", "0.9144", "1", "yard", "yards"),
    MILE(Dimension.LENGTH, "mi", "1609.344", "1", "mile", "miles"),
    NAUTICAL_MILE(Dimension.LENGTH, "nmi", "1852", "1", "nautical mile", "nautical miles", "nautical_mile"),

    MILLIGRAM(Dimension.MASS, "mg", "0.000001", "1", "milligram", "milligrams"),
    GRAM(Dimension.MASS, "g", "0.001", "1", "gram", "grams"),
    KILOGRAM(Dimension.MASS, "kg", "1", "1", "kilogram", "kilograms", "kilo", "kilos"),
    TONNE(Dimension.MASS, "t", "1000", "1", "tonne", "tonnes", "metric ton", "metric tons"),
    OUNCE(Dimension.MASS, "oz", "0.028349523125", "1", "ounce", "ounces"),
    POUND(Dimension.MASS, "lb", "0.45359237", "1", "lbs", "pound", "pounds"),
    STONE(Dimension.MASS, "st", "6.35029318", "1", "stone", "stones"),

    CELSIUS("C", "273.15", "1", "1", "°c", "celsius", "degc", "degree celsius", "degrees celsius"),
    FAHRENHEIT("F", "459.67", "5", "9", "°f", "fahrenheit", "degf", "degree fahrenheit", "degrees fahrenheit"),
    KELVIN("K", "0", "1", "1", "kelvin", "kelvins"),

    MILLILITRE(Dimension.VOLUME, "ml", "0.000001", "1", "milliliter", "millilitre", "milliliters", "millilitres", "cm3", "cc"),
    CENTILITRE(Dimension.VOLUME, "cl", "0.00001", "1", "centiliter", "centilitre", "centiliters", "centilitres"),
    DECILITRE(Dimension.VOLUME, "dl", "0.0001", "1", "deciliter", "decilitre"),
    LITRE(Dimension.VOLUME, "l", "0.001", "1", "liter", "litre", "liters", "litres"),
    CUBIC_METRE(Dimension.VOLUME, "m3", "1", "1", "m³", "cubic meter", "cubic metre", "cubic meters", "cubic metres"),
    TEASPOON(Dimension.VOLUME, "tsp", "0.00000492892159375", "1", "teaspoon", "teaspoons"),
    TABLESPOON(Dimension.VOLUME, "tbsp", "0.00001478676478125", "1", "tablespoon", "tablespoons"),
    FLUID_OUNCE(Dimension.VOLUME, "fl_oz", "0.0000295735295625", "1", "fl oz", "fluid ounce", "fluid ounces"),
    CUP(Dimension.VOLUME, "cup", "0.0002365882365", "1", "cups"),
    PINT(Dimension.VOLUME, "pt", "0.000473176473", "1", "pint", "pints"),
    QUART(Dimension.VOLUME, "qt", "0.000946352946", "1", "quart", "quarts"),
    GALLON(Dimension.VOLUME, "gal", "0.003785411784", "1", "gallon", "gallons", "us gallon", "us gallons"),
    IMPERIAL_GALLON(Dimension.VOLUME, "imp_gal", "0.00454609", "1", "imperial gallon", "imperial gallons"),

    METRE_PER_SECOND(Dimension.SPEED, "m/s", "1", "1", "mps", "meters per second", "metres per second"),
    KILOMETRE_PER_HOUR(Dimension.SPEED, "km/h", "1000", "3600", "kmh", "kph", "kilometers per hour", "kilometres per hour"),
    MILE_PER_HOUR(Dimension.SPEED, "mph", "1609.344", "3600", "mi/h", "miles per hour"),
    KNOT(Dimension.SPEED, "kn", "1852", "3600", "knot", "knots", "kt"),
    FOOT_PER_SECOND(Dimension.SPEED, "ft/s", "0.3048", "1", "fps", "feet per second"),

    SQUARE_MILLIMETRE(Dimension.AREA, "mm2", "0.000001", "1", "mm²", "square millimeter", "square millimetre"),
    SQUARE_CENTIMETRE(Dimension.AREA, "cm2", "0.0001", "1", "cm²", "square centimeter", "square centimetre"),
    SQUARE_METRE(Dimension.AREA, "m2", "1", "1", "m²", "square meter", "square metre", "square meters", "square metres"),
    HECTARE(Dimension.AREA, "ha", "10000", "1", "hectare", "hectares"),
    SQUARE_KILOMETRE(Dimension.AREA, "km2", "1000000", "1", "km²", "square kilometer", "square kilometre"),
    SQUARE_INCH(Dimension.AREA, "in2", "0.00064516", "1", "in²", "square inch", "square inches", "sq in"),
    SQUARE_FOOT(Dimension.AREA, "ft2", "0.09290304", "1", "ft²", "square foot", "square feet", "sq ft"),
    SQUARE_YARD(Dimension.AREA, "yd2", "0.83612736", "1", "yd²", "square yard", "square yards"),
    ACRE(Dimension.AREA, "acre", "4046.8564224", "1", "acres", "ac"),
    SQUARE_MILE(Dimension.AREA, "mi2", "2589988.110336", "1", "mi²", "square mile", "square miles", "sq mi"),

    NANOSECOND(Dimension.TIME, "ns", "0.000000001", "1", "nanosecond", "nanoseconds"),
    MICROSECOND(Dimension.TIME, "us", "0.000001", "1", "µs", "microsecond", "microseconds"),
    MILLISECOND(Dimension.TIME, "ms", "0.001", "1", "millisecond", "milliseconds"),
    SECOND(Dimension.TIME, "s", "1", "1", "sec", "second", "seconds"),
    MINUTE(Dimension.TIME, "min", "60", "1", "minute", "minutes"),
    HOUR(Dimension.TIME, "h", "3600", "1", "hr", "hour", "hours"),
    DAY(Dimension.TIME, "day", "86400", "1", "d", "days"),
    WEEK(Dimension.TIME, "week", "604800", "1", "wk", "weeks"),
    YEAR(Dimension.TIME, "year", "31557600", "1", "yr", "years", "julian year"),

    BIT(Dimension.DATA, "bit", "1", "8", "bits"),
    BYTE(Dimension.DATA, "B", "1", "1", "byte", "bytes"),
    KILOBYTE(Dimension.DATA, "kB", "1000", "1", "kilobyte", "kilobytes"),
    MEGABYTE(Dimension.DATA, "MB", "1000000", "1", "megabyte", "megabytes"),
    GIGABYTE(Dimension.DATA, "GB", "1000000000", "1", "gigabyte", "gigabytes"),
    TERABYTE(Dimension.DATA, "TB", "1000000000000", "1", "terabyte", "terabytes"),
    KIBIBYTE(Dimension.DATA, "KiB", "1024", "1", "kibibyte", "kibibytes"),
    MEBIBYTE(Dimension.DATA, "MiB", "1048576", "1", "mebibyte", "mebibytes"),
    GIBIBYTE(Dimension.DATA, "GiB", "1073741824", "1", "gibibyte", "gibibytes"),
    TEBIBYTE(Dimension.DATA, "TiB", "1099511627776", "1", "tebibyte", "tebibytes");

    enum Dimension {
        LENGTH("length"), MASS("mass"), TEMPERATURE("temperature"), VOLUME("volume"), SPEED("speed"), AREA("area"),
        TIME("time"), DATA("data size");

        private final String label;

        Dimension(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    private final Dimension dimension;
    private final String symbol;
    private final BigDecimal offset;
    private final BigDecimal numerator;
    private final BigDecimal denominator;
    private final List<String> aliases;

    Unit(Dimension dimension, String symbol, String numerator, String denominator, String... aliases) {
        this(dimension, symbol, BigDecimal.ZERO, numerator, denominator, aliases);
    }

    /** A temperature: the only units with an offset (base: kelvin). */
    Unit(String symbol, String offset, String numerator, String denominator, String... aliases) {
        this(Dimension.TEMPERATURE, symbol, new BigDecimal(offset), numerator, denominator, aliases);
    }

    Unit(Dimension dimension, String symbol, BigDecimal offset, String numerator, String denominator, String[] aliases) {
        this.dimension = dimension;
        this.symbol = symbol;
        this.offset = offset;
        this.numerator = new BigDecimal(numerator);
        this.denominator = new BigDecimal(denominator);
        this.aliases = List.of(aliases);
    }

    Dimension dimension() {
        return dimension;
    }

    String symbol() {
        return symbol;
    }

    BigDecimal toBase(BigDecimal value) {
        return value.add(offset).multiply(numerator).divide(denominator, MathContext.DECIMAL128);
    }

    BigDecimal fromBase(BigDecimal base) {
        return base.multiply(denominator).divide(numerator, MathContext.DECIMAL128).subtract(offset);
    }

    /**
     * {@code value} in {@code target}. Without offsets the two factors are combined first, so the
     * only rounding is the final division (e.g. km/h → mph stays exact to 34 digits).
     */
    BigDecimal convert(BigDecimal value, Unit target) {
        if (offset.signum() == 0 && target.offset.signum() == 0) {
            return value.multiply(numerator).multiply(target.denominator)
                    .divide(denominator.multiply(target.numerator), MathContext.DECIMAL128);
        }
        return target.fromBase(toBase(value));
    }

    /** The unit named {@code text} (symbol or name; case matters only where it must: MB vs mb is not ambiguous here). */
    static Unit parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no unit was given; known units: " + allSymbols());
        }
        String wanted = text.strip();
        for (Unit u : values()) {
            if (u.symbol.equals(wanted)) {
                return u;
            }
        }
        String lower = wanted.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        for (Unit u : values()) {
            if (u.symbol.toLowerCase(Locale.ROOT).equals(lower) || u.aliases.contains(lower)) {
                return u;
            }
        }
        throw new IllegalArgumentException("unknown unit '" + text + "'; known units: " + allSymbols());
    }

    static String symbolsOf(Dimension dimension) {
        return Arrays.stream(values()).filter(u -> u.dimension == dimension).map(Unit::symbol)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String allSymbols() {
        return Arrays.stream(Dimension.values()).map(d -> d.label() + " " + symbolsOf(d)).collect(Collectors.joining("; "));
    }
}
