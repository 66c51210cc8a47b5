package dev.tramontane.tools.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;

class DateTimeToolTest {

    private final DateTimeTool tool = new DateTimeTool(
            Clock.fixed(Instant.parse("2026-03-29T00:30:00Z"), ZoneOffset.UTC));

    @Test
    void reportsLocalTimeAcrossTheParisDaylightSavingSwitch() {
        // 00:30 UTC on 29 March 2026 is 01:30 CET; at 01:00 UTC Paris moves to CEST (+02:00).
        var paris = tool.currentDateTime("Europe/Paris");
        assertThat(paris.dateTime()).isEqualTo("2026-03-29T01:30:00+01:00");
        assertThat(paris.timeZone()).isEqualTo("Europe/Paris");
        assertThat(paris.dayOfWeek()).isEqualTo("Sunday");
    }

    @Test
    void defaultsToUtcWhenNoZoneIsGiven() {
        assertThat(tool.currentDateTime(null).dateTime()).isEqualTo("2026-03-29T00:30:00Z");
        assertThat(tool.currentDateTime(" ").timeZone()).isEqualTo("UTC");
    }

    @Test
    void unknownZoneIsAClearErrorThatSuggestsValidNames() {
        assertThatThrownBy(() -> tool.currentDateTime("Mars/Olympus"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Mars/Olympus")
                .hasMessageContaining("Europe/Paris");
    }

    @Test
    void isExposedToSpringAiAsACallableToolWithASchema() {
        ToolCallback[] callbacks = MethodToolCallbackProvider.builder().toolObjects(tool).build().getToolCallbacks();
        assertThat(callbacks).hasSize(1);
        assertThat(callbacks[0].getToolDefinition().name()).isEqualTo("current_datetime");
        assertThat(callbacks[0].getToolDefinition().inputSchema()).contains("timeZone");
        String result = callbacks[0].call("{\"timeZone\":\"Europe/Berlin\"}");
        assertThat(result).contains("2026-03-29T01:30:00+01:00").contains("Europe/Berlin");
    }
}
