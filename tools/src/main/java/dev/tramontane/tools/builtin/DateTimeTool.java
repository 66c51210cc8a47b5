package dev.tramontane.tools.builtin;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/**
 * The built-in {@code current_datetime} tool: language models do not know what time it is, and
 * guess badly. Time-zone aware; the clock is injected so the answer can be tested.
 */
public class DateTimeTool {

    private final Clock clock;

    public DateTimeTool(Clock clock) {
        this.clock = clock;
    }

    /** The answer the model reads: ISO date-time with offset, the zone, and the weekday in English. */
    public record CurrentDateTime(String dateTime, String timeZone, String dayOfWeek) {}

    @Tool(name = "current_datetime",
            description = "Returns the current date and time in the given IANA time zone (for example Europe/Paris). "
                    + "Use it whenever the answer depends on today's date or the current time.")
    public CurrentDateTime currentDateTime(
            @ToolParam(required = false, description = "IANA time zone such as Europe/Paris or America/New_York; default UTC")
            String timeZone) {
        ZoneId zone = parseZone(timeZone);
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        return new CurrentDateTime(
                now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                zone.getId(),
                now.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
    }

    private static ZoneId parseZone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(timeZone.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + timeZone
                    + "'; use an IANA name such as Europe/Paris, Europe/Berlin or America/New_York", e);
        }
    }
}
